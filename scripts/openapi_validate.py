"""GitHub's OpenAPI models (githubkit-schemas, pydantic) as an oracle over every REST body ghstats reads.

Usage: openapi_validate.py SIMULATOR_URL ORG

Walks the organisation on the plain prefix and on GitHub Enterprise's `/api/v3`, following every `Link`
rel="next", and validates each item with the model GitHub's OpenAPI description names for that endpoint, in the
API version ghstats asks for (2022-11-28) and in the latest one. Exits 1 on any invalid body, on a model that
cannot be found, or when the walk did not meet the cases the models must see (nulls, bots, deleted users,
PENDING reviews, commits without an account, team review requests).
"""

import importlib
import json
import re
import sys
import urllib.request
from typing import Union

from pydantic import TypeAdapter, ValidationError

VERSIONS = ("v2022_11_28", "latest")
PER_PAGE = 10
# Endpoint as ghstats calls it -> the models of GitHub's OpenAPI response (a list endpoint validates each item).
ENDPOINTS = {
    "GET /user": ("PrivateUser", "PublicUser"),
    "GET /rate_limit": ("RateLimitOverview",),
    "GET /orgs/{org}/repos": ("MinimalRepository",),
    "GET /repos/{o}/{r}/pulls": ("PullRequestSimple",),
    "GET /repos/{o}/{r}/pulls/{n}": ("PullRequest",),
    "GET /repos/{o}/{r}/pulls/{n}/reviews": ("PullRequestReview",),
    "GET /repos/{o}/{r}/pulls/{n}/comments": ("PullRequestReviewComment",),
    "GET /repos/{o}/{r}/pulls/comments": ("PullRequestReviewComment",),
    "GET /repos/{o}/{r}/issues/comments": ("IssueComment",),
    "GET /repos/{o}/{r}/commits": ("Commit",),
    "GET /repos/{o}/{r}/commits/{sha}": ("Commit",),
}


def adapters(version):
    """One TypeAdapter per endpoint; raises if the package lacks a model (never a silent pass)."""
    module = importlib.import_module(f"githubkit_schemas.{version}.models")
    result = {}
    for endpoint, names in ENDPOINTS.items():
        missing = [name for name in names if not hasattr(module, name)]
        if missing:
            raise SystemExit(f"githubkit_schemas.{version}.models has no {', '.join(missing)} (for {endpoint})")
        models = [getattr(module, name) for name in names]
        result[endpoint] = TypeAdapter(models[0] if len(models) == 1 else Union[tuple(models)])
    return result


class Oracle:
    def __init__(self, base, org):
        self.base = base.rstrip("/")
        self.org = org
        self.adapters = {version: adapters(version) for version in VERSIONS}
        self.passed = {endpoint: 0 for endpoint in ENDPOINTS}
        self.failed = {endpoint: 0 for endpoint in ENDPOINTS}
        self.errors = {endpoint: {} for endpoint in ENDPOINTS}
        self.pages = {endpoint: 0 for endpoint in ENDPOINTS}
        self.followed = {endpoint: 0 for endpoint in ENDPOINTS}
        self.link_errors = []
        self.seen = {name: 0 for name in COVERAGE}
        self.requests = 0

    def get(self, url):
        request = urllib.request.Request(
            url, headers={"Authorization": "token openapi-oracle", "Accept": "application/vnd.github+json",
                          "X-GitHub-Api-Version": "2022-11-28"})
        with urllib.request.urlopen(request, timeout=30) as response:
            self.requests += 1
            return json.load(response), response.headers.get("Link")

    def check(self, endpoint, item, where):
        ok = True
        raw = json.dumps(item)
        for version, by_endpoint in self.adapters.items():
            try:
                # Strict: JSON types as the schema states them, no coercion (a number is not a string).
                by_endpoint[endpoint].validate_json(raw, strict=True)
            except ValidationError as error:
                ok = False
                for e in error.errors():
                    location = ".".join("[]" if isinstance(part, int) else str(part) for part in e["loc"])
                    problem = f"[{version}] {location}: {e['msg']}"
                    if problem not in self.errors[endpoint]:
                        self.errors[endpoint][problem] = where
        if ok:
            self.passed[endpoint] += 1
        else:
            self.failed[endpoint] += 1
        for name, test in COVERAGE.items():
            if test(endpoint, item):
                self.seen[name] += 1

    def one(self, endpoint, url):
        body, _ = self.get(url)
        self.check(endpoint, body, url)
        return body

    def listing(self, endpoint, url, expected_link_path=None, per_page=PER_PAGE):
        """Every item of every page, following `Link` rel="next" as a client does."""
        items = []
        url = f"{url}{'&' if '?' in url else '?'}per_page={per_page}"
        while url:
            body, link = self.get(url)
            self.pages[endpoint] += 1
            if not isinstance(body, list):
                self.failed[endpoint] += 1
                self.errors[endpoint]["not a JSON array"] = url
                return items
            for index, item in enumerate(body):
                self.check(endpoint, item, f"{url} [{index}]")
            items.extend(body)
            url = next_link(link)
            self.followed[endpoint] += 1 if url else 0
            if url and expected_link_path and not re.search(expected_link_path, url):
                self.link_errors.append(f"{endpoint}: Link {url} does not match {expected_link_path}")
        return items

    def walk(self, prefix):
        api = self.base + prefix
        self.one("GET /user", f"{api}/user")
        self.one("GET /rate_limit", f"{api}/rate_limit")
        repos = self.listing(
            "GET /orgs/{org}/repos", f"{api}/orgs/{self.org}/repos",
            expected_link_path=rf"^{re.escape(api)}/organizations/\d+/repos\?", per_page=3)
        for repo in repos:
            root = f"{api}/repos/{repo['full_name']}"
            by_id = rf"^{re.escape(api)}/repositories/{repo['id']}/"
            pulls = self.listing(
                "GET /repos/{o}/{r}/pulls", f"{root}/pulls?state=all&sort=updated&direction=desc", by_id)
            for pull in pulls:
                number = pull["number"]
                self.one("GET /repos/{o}/{r}/pulls/{n}", f"{root}/pulls/{number}")
                self.listing("GET /repos/{o}/{r}/pulls/{n}/reviews", f"{root}/pulls/{number}/reviews", by_id)
                self.listing("GET /repos/{o}/{r}/pulls/{n}/comments", f"{root}/pulls/{number}/comments", by_id)
            self.listing(
                "GET /repos/{o}/{r}/pulls/comments", f"{root}/pulls/comments?sort=updated&direction=asc", by_id)
            self.listing(
                "GET /repos/{o}/{r}/issues/comments", f"{root}/issues/comments?sort=updated&direction=asc", by_id)
            commits = self.listing("GET /repos/{o}/{r}/commits", f"{root}/commits", by_id)
            for commit in commits:
                self.one("GET /repos/{o}/{r}/commits/{sha}", f"{root}/commits/{commit['sha']}")

    def report(self):
        print(f"GitHub OpenAPI models ({', '.join(VERSIONS)}), {self.requests} requests to {self.base}:")
        for endpoint in ENDPOINTS:
            passed, failed = self.passed[endpoint], self.failed[endpoint]
            pages = f"{self.pages[endpoint]:5} pages" if self.pages[endpoint] else " " * 11
            print(f"  {endpoint:40} {'|'.join(ENDPOINTS[endpoint]):25} {pages} {passed:6} valid {failed:5} invalid")
            for problem, where in list(self.errors[endpoint].items())[:12]:
                print(f"      {problem}   (first: {where})")
            if len(self.errors[endpoint]) > 12:
                print(f"      ... {len(self.errors[endpoint]) - 12} more")
        print("  cases met: " + ", ".join(f"{name} {count}" for name, count in self.seen.items()))
        problems = [endpoint for endpoint in ENDPOINTS if self.failed[endpoint] or not self.passed[endpoint]]
        # Each listing must have been read across pages, so `Link` URLs are followed, not assumed.
        problems += [f"{endpoint} never on a second page" for endpoint, pages in self.pages.items()
                     if pages and not self.followed[endpoint]]
        problems += [f"no {name}" for name, count in self.seen.items() if count == 0]
        for error in self.link_errors[:5]:
            print(f"  {error}")
        if self.link_errors:
            problems.append(f"{len(self.link_errors)} Link URLs")
        return problems


def next_link(header):
    for part in (header or "").split(","):
        match = re.match(r'\s*<([^>]+)>;\s*rel="next"', part)
        if match:
            return match.group(1)
    return None


def users(endpoint, item):
    """Every account object an item holds, wherever it sits."""
    found = []

    def visit(value):
        if isinstance(value, dict):
            if "login" in value and "type" in value:
                found.append(value)
            for child in value.values():
                visit(child)
        elif isinstance(value, list):
            for child in value:
                visit(child)

    visit(item)
    return found


# The cases the walk must meet, so a model's nullable or optional field is exercised, not assumed.
COVERAGE = {
    "bot accounts": lambda e, i: any(u.get("type") == "Bot" for u in users(e, i)),
    "ghost accounts": lambda e, i: any(u.get("login") == "ghost" for u in users(e, i)),
    "reviews by deleted users (user null)": lambda e, i: e.endswith("/reviews") and i.get("user") is None,
    "PENDING reviews without submitted_at": lambda e, i: e.endswith("/reviews") and i.get("state") == "PENDING"
    and "submitted_at" not in i,
    "commits without an account (author null)": lambda e, i: "/commits" in e and i.get("author") is None,
    "team review requests": lambda e, i: "/pulls" in e and bool(i.get("requested_teams")),
    "merged pull requests": lambda e, i: e.endswith("/pulls/{n}") and i.get("merged") is True,
    "open pull requests (closed_at null)": lambda e, i: e.endswith("/pulls") and i.get("closed_at") is None,
}


def main():
    base, org = sys.argv[1], sys.argv[2]
    oracle = Oracle(base, org)
    for prefix in ("", "/api/v3"):
        oracle.walk(prefix)
    problems = oracle.report()
    if problems:
        print("FAILED: " + "; ".join(problems))
        sys.exit(1)
    print("every body valid by GitHub's OpenAPI models")


if __name__ == "__main__":
    main()
