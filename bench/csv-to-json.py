"""Turns a Kaggle-layout credit CSV into /predict bodies: one application, and a batch of N; with a fifth
argument, also every application of the batch as its own body, one per line (for post-json-rotating.lua)."""
import csv
import json
import sys

source, single_out, batch_out, batch_size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
applications = []
with open(source, newline="") as f:
    reader = csv.reader(f)
    header = next(reader)
    features = header[2:]
    for row in reader:
        application = {}
        for name, cell in zip(features, row[2:]):
            application[name] = None if cell == "NA" else float(cell)
        if application["age"] < 18:
            continue  # the generator mimics the real set's impossible ages, which the API refuses
        applications.append(application)
        if len(applications) == batch_size:
            break
with open(single_out, "w") as f:
    json.dump(applications[0], f)
with open(batch_out, "w") as f:
    json.dump({"instances": applications}, f)
if len(sys.argv) > 5:
    with open(sys.argv[5], "w") as f:
        for application in applications:
            f.write(json.dumps(application) + "\n")
