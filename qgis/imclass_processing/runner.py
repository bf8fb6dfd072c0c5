"""Runs an application through its launcher and turns its log into QGIS feedback.

otbcli draws its progress bars ("Writing map.tif...: 45% [*****   ]") only on a terminal and
prints the last state otherwise, so the launcher runs on a pseudo-terminal: each bar becomes the
progress of the dialog, with its caption as progress text. A failed run raises a
QgsProcessingException with the application's FATAL line.
"""

import collections
import os
import pty
import re
import select
import shlex
import signal
import subprocess

from qgis.core import QgsProcessingException

PROGRESS = re.compile(r"^(?P<caption>.*?): (?P<percent>\d{1,3})% \[")
# Log lines start with a date and time: "2026-11-29 15:57:24 (INFO) ImclassTrain: ...".
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ")


def run(command, feedback):
    """Runs command (a list); its output goes to feedback. Raises QgsProcessingException on failure
    or when the user cancels."""
    feedback.pushCommandInfo(shlex.join(command))
    log = Log(feedback)
    master, slave = pty.openpty()
    try:
        # A session of its own: Debian's otbcli is a shell script that runs the application as its
        # child, so a cancel must end the group, not the script alone.
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, close_fds=True, start_new_session=True)
    finally:
        os.close(slave)
    try:
        pending = b""
        while True:
            if feedback.isCanceled():
                # SIGTERM: the application removes its staged outputs before it ends.
                os.killpg(process.pid, signal.SIGTERM)
                process.wait()
                raise QgsProcessingException("{}: canceled".format(os.path.basename(command[0])))
            if not select.select([master], [], [], 0.2)[0]:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the application closed the terminal
                chunk = b""
            if not chunk:
                break
            *lines, pending = re.split(rb"[\r\n]", pending + chunk)
            for line in lines:
                log.line(line.decode("utf-8", "replace"))
        log.line(pending.decode("utf-8", "replace"))
    finally:
        os.close(master)
    status = process.wait()
    if status != 0 or log.fatal:
        raise QgsProcessingException(log.fatal or "{} failed (exit status {}): {}".format(
            os.path.basename(command[0]), status, " | ".join(log.last)))


class Log:
    """Sorts the lines of an application's output into QGIS feedback."""

    def __init__(self, feedback):
        self.feedback = feedback
        self.caption = None
        self.fatal = None
        self.last = collections.deque(maxlen=5)

    def line(self, text):
        text = text.strip()
        if not text:
            return
        progress = PROGRESS.match(text)
        if progress:
            if progress["caption"] != self.caption:
                self.caption = progress["caption"]
                self.feedback.setProgressText(self.caption)
            self.feedback.setProgress(min(100, int(progress["percent"])))
            if "(" in text[progress.end():]:  # the bar is complete: "... [****] (3s)"
                self.feedback.pushConsoleInfo(text)
            return
        self.last.append(text)
        if "(FATAL)" in text:  # reported by the exception that ends the run
            self.fatal = self.fatal or TIMESTAMP.sub("", text)
            self.feedback.pushConsoleInfo(text)
        elif "(WARNING)" in text:
            self.feedback.pushWarning(text)
        else:
            self.feedback.pushConsoleInfo(text)
