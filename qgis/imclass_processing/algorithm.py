"""One ImCLASS application as a QGIS Processing algorithm."""

import html
import os

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException

from . import runner
from .overrides import override
from .parameters import FileOutput, Output, make_parameter


class ImclassAlgorithm(QgsProcessingAlgorithm):
    """The application described by `application` (one entry of applications.json), run with the
    launcher <prefix>/bin/otbcli_<name>."""

    def __init__(self, application, catalogues, launcher):
        super().__init__()
        self.application = application
        self.catalogues = catalogues
        self.launcher = launcher
        self.app_parameters = [make_parameter(spec, override(self.name(), spec["key"]), catalogues) for spec in application["parameters"]]

    def createInstance(self):
        return ImclassAlgorithm(self.application, self.catalogues, self.launcher)

    def name(self):
        return self.application["name"]

    def displayName(self):
        return self.application["name"]

    def group(self):
        return "ImCLASS"

    def groupId(self):
        return "imclass"

    def shortDescription(self):
        return self.application["description"]

    def shortHelpString(self):
        """The application's own documentation, and each parameter with its key."""
        sections = ["<p>{}</p><p>{}</p>".format(html.escape(self.application["description"]),
                                                html.escape(self.application["long_description"]))]
        if self.application["limitations"]:
            sections.append("<h3>Limitations</h3><p>{}</p>".format(html.escape(self.application["limitations"])))
        sections.append("<h3>Parameters</h3><dl>")
        for parameter in self.app_parameters:
            sections.append("<dt><b>{}</b> (-{})</dt><dd>{}</dd>".format(
                html.escape(parameter.spec["name"]), parameter.key, html.escape(parameter.help()).replace("\n", "<br>")))
        sections.append("</dl>")
        if self.application["see_also"]:
            sections.append("<p>See also: {}</p>".format(html.escape(self.application["see_also"])))
        return "".join(sections)

    def initAlgorithm(self, config=None):
        for parameter in self.app_parameters:
            for definition in parameter.definitions():
                self.addParameter(definition)

    def checkParameterValues(self, parameters, context):
        ok, message = super().checkParameterValues(parameters, context)
        problems = [parameter.extension_problem(self, parameters, context) for parameter in self.app_parameters
                    if isinstance(parameter, FileOutput)]
        problems = [problem for problem in problems if problem]
        return (ok and not problems), "\n".join(([message] if message else []) + problems)

    def processAlgorithm(self, parameters, context, feedback):
        given = {parameter.key for parameter in self.app_parameters if parameter.given(parameters)}
        command = [self.launcher]
        results = {}
        for parameter in self.app_parameters:
            condition = parameter.override.get("only_with")
            if condition and condition not in given:
                continue
            values = parameter.arguments(self, parameters, context, feedback)
            if values:
                command += ["-" + parameter.key] + values
                if isinstance(parameter, Output):
                    results[parameter.key] = values[0]
        try:
            runner.run(command, feedback)
        except QgsProcessingException:
            if feedback.isCanceled():  # a half-written output must not pass for a result
                for path in results.values():
                    if os.path.isfile(path):
                        os.remove(path)
            raise
        return results
