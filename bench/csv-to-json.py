"""Turns a Kaggle-layout credit CSV into /predict bodies: one application, and a batch of N."""
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
