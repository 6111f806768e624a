class ScriptContract:
    def __init__(self, entry_point, expected_input_paths=None, expected_output_paths=None,
                 required_env_vars=None, optional_env_vars=None, expected_arguments=None,
                 framework_requirements=None, description=""):
        self.entry_point = entry_point
        self.expected_input_paths = expected_input_paths or {}
        self.expected_output_paths = expected_output_paths or {}
        self.required_env_vars = required_env_vars or []
        self.optional_env_vars = optional_env_vars or {}
        self.expected_arguments = expected_arguments or {}
        self.framework_requirements = framework_requirements or {}
        self.description = description


class TrainingScriptContract(ScriptContract):
    pass
