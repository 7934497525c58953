"""Writes an XGBoost booster as an MLflow model directory of the xgboost flavour, without MLflow.

The layout is the one `mlflow.xgboost.log_model` produces and `mlflow artifacts download` (or
`mlflow.artifacts.download_artifacts`) brings back, in MLflow 2.x: read from MLflow's own
`mlflow/xgboost/__init__.py` (save_model) and `mlflow/models/model.py` (the MLmodel file):

    MLmodel            YAML: flavors.xgboost (data, model_class, model_format, xgb_version, code),
                       flavors.python_function, run_id, artifact_path, model_uuid, mlflow_version,
                       utc_time_created, model_size_bytes, and the signature, whose inputs are a
                       JSON list of column specs kept as a string
    model.<format>     the booster, from Booster.save_model("model.<format>")
    conda.yaml, python_env.yaml, requirements.txt   the environment (not read by creditwatch)

MLflow itself need not be installed: creditwatch reads only MLmodel and the model file.
"""
import json
import os
import platform

import xgboost as xgb

MLFLOW_VERSION = "2.16.2"  # the MLflow 2.x release whose layout this follows


def write_mlflow_model(booster, path, feature_names, run_id, model_uuid, created, model_format="ubj"):
    """model_format: "json" or "ubj" (what XGBoost 1.7 writes for those names, as MLflow passes them on)."""
    os.makedirs(path, exist_ok=True)
    data = "model." + model_format
    booster.save_model(os.path.join(path, data))
    inputs = json.dumps([{"type": "double", "name": name, "required": True} for name in feature_names])
    outputs = json.dumps([{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1]}}])
    python = platform.python_version()
    environment = {
        "conda.yaml": "channels:\n- conda-forge\ndependencies:\n- python=%s\n- pip<=23.0.1\n- pip:\n"
                      "  - mlflow==%s\n  - xgboost==%s\nname: mlflow-env\n" % (python, MLFLOW_VERSION, xgb.__version__),
        "python_env.yaml": "python: %s\nbuild_dependencies:\n- pip==23.0.1\ndependencies:\n- -r requirements.txt\n"
                           % python,
        "requirements.txt": "mlflow==%s\nxgboost==%s\n" % (MLFLOW_VERSION, xgb.__version__),
    }
    for name, text in environment.items():
        with open(os.path.join(path, name), "w") as out:
            out.write(text)
    size = sum(os.path.getsize(os.path.join(path, name)) for name in os.listdir(path))
    mlmodel = """artifact_path: model
flavors:
  python_function:
    data: {data}
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.xgboost
    python_version: {python}
  xgboost:
    code: null
    data: {data}
    model_class: xgboost.core.Booster
    model_format: {model_format}
    xgb_version: {xgb_version}
mlflow_version: {mlflow_version}
model_size_bytes: {size}
model_uuid: {model_uuid}
run_id: {run_id}
signature:
  inputs: '{inputs}'
  outputs: '{outputs}'
  params: null
utc_time_created: '{created}'
""".format(data=data, python=python, model_format=model_format, xgb_version=xgb.__version__,
           mlflow_version=MLFLOW_VERSION, size=size, model_uuid=model_uuid, run_id=run_id, inputs=inputs,
           outputs=outputs, created=created)
    with open(os.path.join(path, "MLmodel"), "w") as out:
        out.write(mlmodel)
