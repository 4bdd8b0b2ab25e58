"""Interop check: PyGithub, a widely used GitHub client, walks the simulated organisation and must count
exactly what the simulator says it serves (GET /_simulator/counts). Usage: pygithub_walk.py BASE_URL ORG"""
import json
import sys
import urllib.request

from github import Auth, Github


def main() -> int:
    base, org_name = sys.argv[1].rstrip("/"), sys.argv[2]
    expected = json.load(urllib.request.urlopen(f"{base}/_simulator/counts"))
    # /api/v3 exercises the GitHub Enterprise prefix, as PyGithub users of GHE call it.
    gh = Github(base_url=f"{base}/api/v3", auth=Auth.Token("pygithub-interop-token"), per_page=100, retry=None,
                seconds_between_requests=0)
    counts = dict.fromkeys(expected, 0)
    for repo in gh.get_organization(org_name).get_repos():
        counts["repositories"] += 1
        for pull in repo.get_pulls(state="all"):
            counts["pull_requests"] += 1
            reviews = pull.get_reviews()
            counts["reviews"] += reviews.totalCount
            if pull.number % 10 == 1:  # detail fields agree with the sub-listings on a sample
                detail = repo.get_pull(pull.number)
                assert detail.review_comments == detail.get_review_comments().totalCount, pull.number
                assert detail.additions >= 0 and detail.changed_files >= 1
        counts["review_comments"] += repo.get_pulls_review_comments().totalCount
        counts["issue_comments"] += repo.get_issues_comments().totalCount
        counts["commits"] += repo.get_commits().totalCount
    remaining, limit = gh.rate_limiting
    print(f"PyGithub counted {counts}; rate limit {remaining}/{limit}")
    if counts != expected:
        print(f"MISMATCH: simulator serves {expected}")
        return 1
    print("pygithub interop: counts match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
