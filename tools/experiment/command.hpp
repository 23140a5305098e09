// `urlscan experiment` and `urlscan experiment canary` (tools/cmd_experiment.cpp).
#pragma once

namespace urlscan::cli {

// Exit status: 0 promote, 3 keep the baseline / roll back the canary, 4 continue, 2 error.
int run_experiment(int argc, char** argv, int first);

}  // namespace urlscan::cli
