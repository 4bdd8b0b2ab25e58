"""Validates docker-compose.yml against the Compose specification's JSON schema and prints its services (and secret files) as JSON.

The schema is compose_spec.json as shipped in the docker-compose 1.29.2 wheel from PyPI (the compose-spec
project's schema; no Docker engine is needed). Usage: compose-check.py SCHEMA COMPOSE_FILE
"""
import json
import sys

import jsonschema
import yaml

schema_path, compose_path = sys.argv[1], sys.argv[2]
with open(schema_path) as f:
    schema = json.load(f)
with open(compose_path) as f:
    document = yaml.safe_load(f)

validator = jsonschema.Draft7Validator(schema)
errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
if errors:
    for error in errors:
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        print(f"{compose_path}: {where}: {error.message}", file=sys.stderr)
    sys.exit(1)

services = {}
for name, service in document.get("services", {}).items():
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) if "=" in item else (item, "") for item in environment)
    services[name] = {
        "image": service.get("image"),
        "build": service.get("build") is not None,
        "entrypoint": service.get("entrypoint"),
        "command": service.get("command"),
        "environment": {k: "" if v is None else str(v) for k, v in environment.items()},
        "replicas": (service.get("deploy") or {}).get("replicas", 1),
        "depends_on": sorted(service.get("depends_on") or []),
        "volumes": service.get("volumes") or [],
        "secrets": [item if isinstance(item, str) else item["source"] for item in service.get("secrets") or []],
    }
secrets = {name: (secret or {}).get("file", "") for name, secret in (document.get("secrets") or {}).items()}
print(json.dumps({"services": services, "secrets": secrets}, sort_keys=True))
