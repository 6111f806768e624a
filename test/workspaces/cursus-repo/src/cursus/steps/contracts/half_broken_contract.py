from ...core.base.contract_base import ScriptContract

FIRST_CONTRACT = ScriptContract(entry_point="first.py", expected_input_paths={"DATA": "/opt/ml/processing/input/data"})

def oops(:
    pass
