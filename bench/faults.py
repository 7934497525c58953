"""Fault measurements for docs/reliability.md, against the built jars on 127.0.0.1 only.

  python3 bench/faults.py crash [ROUNDS]    kill -9 right after a burst of answered predictions,
                                            restart, count how many answered predictions reached the store
  python3 bench/faults.py replicas SECONDS  two inference replicas and feedback clients on one PostgreSQL
                                            schema (127.0.0.1:5432, database test, user postgres), and
                                            the exporter: rows in the store against rows the exporter read
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEY = "bench-feedback-key"
APPLICATION = {"RevolvingUtilizationOfUnsecuredLines": 0.3, "age": 45, "NumberOfTime30-59DaysPastDueNotWorse": 0,
               "DebtRatio": 0.4, "MonthlyIncome": 5400, "NumberOfOpenCreditLinesAndLoans": 8,
               "NumberOfTimes90DaysLate": 0, "NumberRealEstateLoansOrLines": 1,
               "NumberOfTime60-89DaysPastDueNotWorse": 0, "NumberOfDependents": 1}


def post(port, path, body, key=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    if key:
        request.add_header("Authorization", "Bearer " + key)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def metric(port, name):
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    found = re.search(r"(?m)^" + re.escape(name) + r"(?:\{[^}]*\})? (\S+)$", text)
    return float(found.group(1)) if found else None


def start(jar, port, env, log):
    process = subprocess.Popen(["java", "-jar", os.path.join(ROOT, jar)], env={**os.environ, **env},
                               stdout=open(log, "a"), stderr=subprocess.STDOUT, cwd=ROOT)
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/liveness", timeout=2)
            return process
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{jar} did not start; see {log}")


def crash(rounds):
    work = tempfile.mkdtemp()
    env = {"SERVICE_PORT": "5091", "MODEL_PATH": os.path.join(ROOT, "models/default"),
           "SPRING_DATASOURCE_URL": f"jdbc:sqlite:{work}/predictions.db?journal_mode=WAL&busy_timeout=10000",
           "INFERENCE_CAPTURE_JOURNAL_DIRECTORY": f"{work}/capture-journal", "INFERENCE_FEEDBACK_API_KEYS": KEY}
    answered = []
    for round_ in range(rounds):
        service = start("inference-service/target/inference-service.jar", 5091, env, f"{work}/service.log")
        for _ in range(100):
            answer = post(5091, "/predict", {"instances": [APPLICATION] * 100})
            answered.extend(p["prediction_id"] for p in answer["predictions"])
        service.send_signal(signal.SIGKILL)
        service.wait()
    service = start("inference-service/target/inference-service.jar", 5091, env, f"{work}/service.log")
    while metric(5091, "ml_capture_journal_backlog") != 0:
        time.sleep(0.5)
    stored = 0
    for start_ in range(0, len(answered), 10_000):
        stored += post(5091, "/feedback", {"labels": [{"prediction_id": i, "actual": 0}
                                                      for i in answered[start_:start_ + 10_000]]}, KEY)["accepted"]
    service.terminate()
    service.wait()
    print(f"kill -9 right after the last answer, {rounds} times: {len(answered)} predictions answered, "
          f"{stored} in the store after the restart, {len(answered) - stored} lost")


def replicas(seconds):
    schema = f"creditwatch_replicas_{os.getpid()}"
    subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "test", "-c", f"CREATE SCHEMA {schema}"],
                   check=True)
    work = tempfile.mkdtemp()
    store = f"jdbc:postgresql://127.0.0.1:5432/test?currentSchema={schema}&reWriteBatchedInserts=true"
    common = {"MODEL_PATH": os.path.join(ROOT, "models/default"), "SPRING_DATASOURCE_URL": store,
              "SPRING_DATASOURCE_USERNAME": "postgres", "INFERENCE_FEEDBACK_API_KEYS": KEY}
    processes = []
    try:
        for port in (5092, 5093):
            processes.append(start("inference-service/target/inference-service.jar", port,
                                   {**common, "SERVICE_PORT": str(port),
                                    "INFERENCE_CAPTURE_JOURNAL_DIRECTORY": f"{work}/journal-{port}"},
                                   f"{work}/inference-{port}.log"))
        processes.append(start("metrics-exporter/target/metrics-exporter.jar", 8092,
                               {**common, "EXPORTER_PORT": "8092", "EXPORTER_CYCLE_INTERVAL": "1s"},
                               f"{work}/exporter.log"))
        deadline = time.time() + seconds
        errors = []

        def client(port, other):
            while time.time() < deadline:
                try:
                    answer = post(port, "/predict", {"instances": [APPLICATION] * 50})
                    ids = [p["prediction_id"] for p in answer["predictions"]]
                    post(other, "/feedback", {"labels": [{"prediction_id": i, "actual": 0} for i in ids[:25]]}, KEY)
                except OSError as e:
                    errors.append(str(e))

        threads = [threading.Thread(target=client, args=ports) for ports in
                   [(5092, 5093), (5093, 5092), (5092, 5092), (5093, 5093)]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for port in (5092, 5093):
            while metric(port, "ml_capture_journal_backlog") != 0:
                time.sleep(0.5)
        count = lambda table: int(subprocess.run(
            ["psql", "-tA", "-h", "127.0.0.1", "-U", "postgres", "test", "-c",
             f"SELECT count(*) FROM {schema}.{table}"], capture_output=True, text=True, check=True).stdout)
        predictions, labels = count("predictions"), count("feedback")
        time.sleep(5)
        read_predictions = metric(8092, 'ml_exporter_rows_processed_total{kind="predictions",service="metrics-exporter"}')
        read_labels = metric(8092, 'ml_exporter_rows_processed_total{kind="labels",service="metrics-exporter"}')
        print(f"two replicas and four clients for {seconds} s ({len(errors)} client errors): "
              f"{predictions} predictions and {labels} labels stored; the exporter read {read_predictions:.0f} and "
              f"{read_labels:.0f}: {predictions - read_predictions:.0f} predictions and {labels - read_labels:.0f} "
              f"labels missed")
    finally:
        for process in processes:
            process.terminate()
            process.wait()
        subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "test", "-c",
                        f"DROP SCHEMA {schema} CASCADE"], check=True)


if __name__ == "__main__":
    if sys.argv[1] == "crash":
        crash(int(sys.argv[2]) if len(sys.argv) > 2 else 5)
    else:
        replicas(int(sys.argv[2]))
