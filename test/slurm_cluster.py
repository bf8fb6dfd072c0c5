"""A real single-node SLURM cluster for the tests, in a temporary folder: munged, slurmctld and
slurmd from Debian's packages, configured for this machine (its hostname, CPUs and memory as
`slurmd -C` reports them), on free loopback ports, run as the current user, stopped at the end.

    with SlurmCluster() as cluster:       # raises ClusterUnavailable with the reason
        subprocess.run(["sbatch", ...], env=cluster.environment())
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time


class ClusterUnavailable(Exception):
    pass


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SlurmCluster:
    START_SECONDS = 60

    def __init__(self):
        self.folder = None

    def path(self, name):
        return os.path.join(self.folder, name)

    def environment(self):
        return dict(os.environ, SLURM_CONF=self.path("slurm.conf"))

    def __enter__(self):
        for program in ("munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol"):
            if not shutil.which(program):
                raise ClusterUnavailable(f"{program} not found (Debian packages munge, slurm-wlm)")
        self.folder = tempfile.mkdtemp(prefix="imclass-slurm-")
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self):
        os.chmod(self.folder, 0o755)  # munged wants the folders of its socket searchable by all
        for name in ("munge", "state", "spool", "log"):
            os.makedirs(self.path(name))
        with open(self.path("munge/munge.key"), "wb") as key:
            key.write(os.urandom(1024))
        os.chmod(self.path("munge/munge.key"), 0o400)
        socket_path = self.path("munge/munge.socket")
        munge = subprocess.run(["munged", "--force", f"--socket={socket_path}", f"--key-file={self.path('munge/munge.key')}",
                                f"--log-file={self.path('log/munged.log')}", f"--pid-file={self.path('munge/munged.pid')}",
                                f"--seed-file={self.path('munge/munged.seed')}"], capture_output=True, text=True)
        if munge.returncode != 0:
            raise ClusterUnavailable(f"munged did not start: {munge.stderr.strip()}")

        node = subprocess.run(["slurmd", "-C"], capture_output=True, text=True)
        if node.returncode != 0 or not node.stdout.startswith("NodeName="):
            raise ClusterUnavailable(f"slurmd -C does not describe this machine: {node.stderr.strip()}")
        node = node.stdout.splitlines()[0]  # this machine's NodeName line
        user = subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
        hostname = socket.gethostname()
        with open(self.path("slurm.conf"), "w") as conf:
            conf.write(f"""ClusterName=imclasstest
SlurmctldHost={hostname}(127.0.0.1)
SlurmctldPort={free_port()}
SlurmdPort={free_port()}
SlurmUser={user}
SlurmdUser={user}
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={socket_path}
StateSaveLocation={self.path('state')}
SlurmdSpoolDir={self.path('spool')}
SlurmctldPidFile={self.path('slurmctld.pid')}
SlurmdPidFile={self.path('slurmd.pid')}
SlurmctldLogFile={self.path('log/slurmctld.log')}
SlurmdLogFile={self.path('log/slurmd.log')}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MinJobAge=600
{node} NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=imclass Nodes=ALL Default=YES MaxTime=INFINITE State=UP
""")
        environment = self.environment()
        for daemon in ("slurmctld", "slurmd"):
            started = subprocess.run([daemon], env=environment, capture_output=True, text=True)
            if started.returncode != 0:
                raise ClusterUnavailable(f"{daemon} did not start: {started.stderr.strip()} {self.log_tail(daemon)}")
        deadline = time.time() + self.START_SECONDS
        while time.time() < deadline:
            state = subprocess.run(["sinfo", "--noheader", "--format=%T"], env=environment, capture_output=True, text=True)
            if state.stdout.strip() == "idle":
                return
            time.sleep(1)
        raise ClusterUnavailable(f"the node is not idle after {self.START_SECONDS} s: {self.log_tail('slurmd')} {self.log_tail('slurmctld')}")

    def log_tail(self, daemon):
        log = self.path(f"log/{daemon}.log")
        if not os.path.isfile(log):
            return f"(no {daemon} log)"
        with open(log) as stream:
            return f"{daemon} log: " + " | ".join(stream.read().splitlines()[-3:])

    def __exit__(self, *_):
        if self.folder is None:
            return
        pids = [self._pid(self.path(name)) for name in ("slurmctld.pid", "slurmd.pid", "munge/munged.pid")]
        subprocess.run(["scontrol", "shutdown"], env=self.environment(), capture_output=True)
        for pid in pids:
            if pid:
                self._stop(pid)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None

    @staticmethod
    def _pid(pid_file):
        try:
            with open(pid_file) as stream:
                return int(stream.read().strip())
        except (OSError, ValueError):
            return None

    @staticmethod
    def _stop(pid):
        """Ends a daemon we started, waiting for it; SIGKILL after 20 s."""
        for signal_number, wait in ((15, 20), (9, 5)):
            try:
                os.kill(pid, signal_number)
            except ProcessLookupError:
                return
            deadline = time.time() + wait
            while time.time() < deadline:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    return
                time.sleep(0.2)
