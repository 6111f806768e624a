from ...core.base.contract_base import ScriptContract
import not_installed_anywhere  # noqa: F401

FAILING_CONTRACT = ScriptContract(entry_point="failing.py", expected_input_paths=build_inputs())
