#!/usr/bin/env bash
# A Slurm job array that runs one large sweep in N shards, one per array task, then merges them.
# Submit from the repository root after `swift build -c release`:
#   sbatch --array=1-20 scripts/slurm-array.sh Scenarios/burgerkracht.json5 20
# and when all tasks are done (the job id is printed by sbatch):
#   .build/release/wijksim merge Results/slurm-parts-<job id> --out Results/burgerkracht-paradox
# Each task writes Results/slurm-parts-<job id>/part-K-of-N.json, a folder per array job, so parts of an
# earlier job never mix with this one's; `--shard env/N` takes K from SLURM_ARRAY_TASK_ID. The threads
# follow what Slurm granted (SLURM_CPUS_PER_TASK); ask for more with `sbatch --cpus-per-task=C`. 2 GB of
# memory holds a paradox of the default city with 100 replications; ask for more with `sbatch --mem`.
#SBATCH --job-name=wijksim
#SBATCH --mem=2G
#SBATCH --time=02:00:00
#SBATCH --output=Results/slurm-%A_%a.log
set -euo pipefail
scenario=${1:?usage: sbatch --array=1-N scripts/slurm-array.sh SCENARIO N}
shards=${2:?the number of shards N, equal to the array size}
job=${SLURM_ARRAY_JOB_ID:-${SLURM_JOB_ID:-local}}
exec .build/release/wijksim paradox "$scenario" --replications "${REPLICATIONS:-100}" --seed "${SEED:-1}" \
  --threads "${SLURM_CPUS_PER_TASK:-1}" --shard "env/$shards" --out "Results/slurm-parts-$job" --quiet
