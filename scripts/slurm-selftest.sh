#!/usr/bin/env bash
# A real Slurm cluster of one node, to check the sharded path end to end (not part of the default CI):
# installs Slurm and munge from the Debian packages if they are missing, writes a one-node slurm.conf,
# starts munged, slurmctld and slurmd, runs a small paradox sweep as a job array through
# scripts/slurm-array.sh (3 shards), merges the parts, runs the same sweep unsharded, compares the
# result files byte for byte, and stops the daemons. Needs root (Debian/Ubuntu). About 2 minutes
# after the packages are installed.
#   sudo scripts/slurm-selftest.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "slurm-selftest: needs root (it installs packages and starts daemons)" >&2; exit 2; }
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi
swift build -c release >/dev/null
host=$(hostname -s)
cpus=$(nproc)
memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
work=$(mktemp -d)
conf=/etc/slurm/slurm.conf
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
[ -f "$conf" ] && cp "$conf" "$work/slurm.conf.before"
cat > "$conf" <<CONF
ClusterName=wijksim-selftest
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=selftest Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
[ -f /etc/munge/munge.key ] || { mkdir -p /etc/munge; dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none; }
chown -R munge:munge /etc/munge /run/munge 2>/dev/null || true
chmod 400 /etc/munge/munge.key
stop() {
    scontrol shutdown >/dev/null 2>&1 || true
    pkill -x slurmd >/dev/null 2>&1 || true
    pkill -x slurmctld >/dev/null 2>&1 || true
    pkill -x munged >/dev/null 2>&1 || true
    if [ -f "$work/slurm.conf.before" ]; then cp "$work/slurm.conf.before" "$conf"; fi
}
trap stop EXIT
pgrep -x munged >/dev/null || su -s /bin/sh munge -c "munged" 2>/dev/null || munged --force
slurmctld
slurmd
for _ in $(seq 1 30); do
    if sinfo -h -o %T 2>/dev/null | grep -q idle; then break; fi
    scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true
    sleep 1
done
sinfo -h -o "%P %T %c" | grep -q idle || { echo "slurm-selftest: the node did not come up; see /var/log/slurm/" >&2; exit 3; }
echo "slurm-selftest: one-node cluster up ($(sinfo -h -o '%P %T %c CPUs'))"

scenario="$work/selftest.json5"
cat > "$scenario" <<JSON
{ extends: "$PWD/Scenarios/burgerkracht.json5", name: "selftest", arrivals_per_year: 400, warmup: "1y", measure: "2y" }
JSON
export REPLICATIONS=4 SEED=11
job=$(sbatch --parsable --wait --array=1-3 --cpus-per-task=1 --output="$work/slurm-%A_%a.log" \
      scripts/slurm-array.sh "$scenario" 3)
echo "slurm-selftest: array job $job done"
parts="Results/slurm-parts-$job"
.build/release/wijksim merge "$parts" --out "$work/merged" >/dev/null
.build/release/wijksim paradox "$scenario" --replications 4 --seed 11 --threads "$cpus" --out "$work/single" --quiet >/dev/null
status=0
for f in summary.csv comparison.csv mkba.csv replications.csv timeseries.csv stationarity.csv summary.json; do
    if cmp -s "$work/merged/$f" "$work/single/$f"; then echo "same bytes: $f"; else echo "DIFFERENT: $f" >&2; status=1; fi
done
rm -rf "$parts"
[ $status = 0 ] && echo "slurm-selftest: the sharded sweep through sbatch --array merges to the same bytes as one run"
exit $status
