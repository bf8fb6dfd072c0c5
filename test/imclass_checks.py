"""Helpers shared by the ImCLASS test checkers (imported by test/*_check.py)."""
import os
import subprocess
import sys


def check(condition, message):
    """Ends the test with FAILED and the message when the condition is false."""
    if not condition:
        sys.exit("FAILED: " + message)


def expect_refusal(app, arguments, message, output, output_type=()):
    """Runs `otbcli APP ARGUMENTS -out OUTPUT`: it must exit non-zero with exactly one FATAL line
    containing `message`, and leave no OUTPUT behind. Returns the FATAL line."""
    if os.path.exists(output):
        os.remove(output)
    command = ["otbcli", app] + [str(a) for a in arguments] + ["-out", output, *output_type]
    result = subprocess.run(command, capture_output=True, text=True)
    fatal = [line for line in (result.stdout + result.stderr).splitlines() if "(FATAL)" in line]
    check(result.returncode != 0, f"exit 0 for {arguments}")
    check(len(fatal) == 1 and message in fatal[0], f"expected one FATAL line with '{message}', got {fatal}")
    check(not os.path.exists(output), f"an output was left for {arguments}")
    print("refused:", fatal[0].split("(FATAL)")[1].strip())
    return fatal[0]
