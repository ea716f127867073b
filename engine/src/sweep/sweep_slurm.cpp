#include "cnnwb/engine/sweep/sweep_runner.h"

#include "core/atomic_file.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/sweep/sweep_plan.h"

#include <algorithm>

namespace cnnwb::engine {

std::string sweepSlurmScript(int trials, bool halving, int parallel, const std::string& timeLimit)
{
    if (trials < 1 || parallel < 1)
        throw Error(ErrorCode::InvalidArgument, "a Slurm sweep needs at least one trial and one at a time");
    // A task waits at each rung for the others: throttled below the trial count, the waiting tasks
    // would hold every slot and the rest would never start.
    const std::string throttle = halving || parallel >= trials ? "" : "%" + std::to_string(parallel);
    std::string s = "#!/bin/bash\n"
                    "# CNN Workbench sweep as a Slurm array job: a task per trial (docs/sweeps.md).\n"
                    "# Submit with: sbatch sweep.sbatch   (run it again after a failure: finished trials stay)\n";
    s += "#SBATCH --job-name=cnnwb-sweep\n";
    s += "#SBATCH --array=0-" + std::to_string(trials - 1) + throttle + "\n";
    s += "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=4\n";
    s += "#SBATCH --time=" + timeLimit + "\n";
    s += "#SBATCH --output=%x-%A_%a.out\n";
    s += "# With a GPU per trial: #SBATCH --gpus=1\n";
    s += "set -euo pipefail\n"
         "cd \"${SLURM_SUBMIT_DIR:-.}\"\n"
         "if [[ ! -f experiment.json ]]; then\n"
         "  echo \"no experiment.json in $PWD: run sbatch from the folder that holds it\" >&2\n"
         "  exit 1\n"
         "fi\n"
         "CNNWB=${CNNWB:-cnnwb}\n"
         "# The threads are part of what a trial trains with (results on the CPU depend on them): every task\n"
         "# gets the same count.\n"
         "exec \"$CNNWB\" sweep --experiment experiment.json --out sweep --threads \"${SLURM_CPUS_PER_TASK:-4}\" "
         "--trial \"$((SLURM_ARRAY_TASK_ID + 1))\"\n";
    return s;
}

std::vector<std::filesystem::path> writeSweepSlurm(
    const Experiment& experiment, const std::filesystem::path& folder, int parallel, const std::string& timeLimit)
{
    const std::size_t trials = planTrials(experiment).size();
    if (trials == 0)
        throw Error(ErrorCode::InvalidArgument, "the experiment has no sweep: give its \"sweep\" settings to vary");
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec)
        throw Error(ErrorCode::Io, "cannot create the folder: " + ec.message(), {folder.string()});
    const std::vector<std::filesystem::path> files = {folder / "experiment.json", folder / "sweep.sbatch"};
    saveExperiment(experiment, files[0]);
    writeFileAtomically(files[1],
        sweepSlurmScript(static_cast<int>(trials), experiment.sweep.halving.enabled, std::max(1, parallel), timeLimit));
    std::filesystem::permissions(files[1],
        std::filesystem::perms::owner_exec | std::filesystem::perms::group_exec | std::filesystem::perms::others_exec,
        std::filesystem::perm_options::add, ec);
    return files;
}

} // namespace cnnwb::engine
