"""A stdlib stand-in for cursus.core.base.contract_base, so the demo's contracts import without Cursus installed."""


class ScriptContract:
    """Declares a script's logical inputs and outputs, environment variables and arguments."""

    def __init__(self, entry_point, expected_input_paths=None, expected_output_paths=None,
                 required_env_vars=None, optional_env_vars=None, expected_arguments=None,
                 framework_requirements=None, description=""):
        self.entry_point = entry_point
        self.expected_input_paths = dict(expected_input_paths or {})
        self.expected_output_paths = dict(expected_output_paths or {})
        self.required_env_vars = list(required_env_vars or [])
        self.optional_env_vars = dict(optional_env_vars or {})
        self.expected_arguments = dict(expected_arguments or {})
        self.framework_requirements = dict(framework_requirements or {})
        self.description = description


class ProcessingScriptContract(ScriptContract):
    """A contract for a processing step."""


class TrainingScriptContract(ScriptContract):
    """A contract for a training step."""
