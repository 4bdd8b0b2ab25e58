"""Reads ghstats's bucket and dataset with Google's Python clients and compares the counts with SQLite's."""
import json
import os
import sqlite3
import sys
from collections import Counter

from google.api_core.client_options import ClientOptions
from google.auth.credentials import AnonymousCredentials
from google.cloud import bigquery, storage

TABLES = ["repositories", "pull_requests", "commits", "reviews", "review_comments", "issue_comments"]
project = os.environ["BIGQUERY_PROJECT_ID"]
db = sqlite3.connect(sys.argv[1])
expected = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}

gcs = storage.Client(project=project, credentials=AnonymousCredentials(),
                     client_options=ClientOptions(api_endpoint=os.environ["STORAGE_EMULATOR_HOST"]))
in_chunks = Counter()
keys = set()
checkpoints = []
for blob in gcs.list_blobs(os.environ["GCS_BUCKET_NAME"]):
    if blob.name.startswith("_checkpoints/"):
        checkpoints.append(json.loads(blob.download_as_bytes()))
        continue
    org, repo, table, day, name = blob.name.split("/")
    assert "_chunk_" in name and name.endswith(".json"), blob.name
    lines = blob.download_as_bytes().decode().splitlines()
    assert int(blob.metadata["records"]) == len(lines), blob.name
    for line in lines:
        record = json.loads(line)
        assert (record["org"], record["repo"]) == (org, repo), blob.name
        in_chunks[table] += 1

assert checkpoints and all(c["status"] == "completed" and c["finished_at"] for c in checkpoints), checkpoints
print(f"checkpoints: {', '.join(c['collection_id'] + ' ' + c['status'] for c in checkpoints)}")

bq = bigquery.Client(project=project, credentials=AnonymousCredentials(),
                     client_options=ClientOptions(api_endpoint=os.environ["BIGQUERY_EMULATOR_HOST"]))
dataset = os.environ["BIGQUERY_DATASET_ID"]
in_tables = {}
for t in TABLES:
    rows = list(bq.query(f"SELECT COUNT(*) AS n FROM `{project}.{dataset}.{t}`").result())
    in_tables[t] = rows[0]["n"]
table = bq.get_table(f"{project}.{dataset}.pull_requests")
assert table.time_partitioning.field == "created_at", table.time_partitioning
assert table.clustering_fields == ["org", "repo", "author_login"], table.clustering_fields
merged = list(bq.query(f"SELECT MAX(merged_at) AS m FROM `{project}.{dataset}.pull_requests`").result())[0]["m"]
assert merged is not None and merged.tzinfo is not None, merged

print(f"{'table':<16} {'sqlite':>7} {'gcs':>7} {'bigquery':>9}")
for t in TABLES:
    print(f"{t:<16} {expected[t]:>7} {in_chunks[t]:>7} {in_tables[t]:>9}")
bad = [t for t in TABLES if not (expected[t] == in_chunks[t] == in_tables[t])]
if bad or expected["pull_requests"] == 0:
    sys.exit(f"google clients read different counts for {bad}")
print("google-cloud-storage and google-cloud-bigquery read exactly what ghstats wrote")
