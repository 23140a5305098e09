// The urlscan subcommands' entry points (argument reading, loading and errors: frontend/).
#pragma once

#include "errors.hpp"
#include "loaders.hpp"
#include "options.hpp"
#include "output_file.hpp"

namespace urlscan::cli {

// The shared front-end layer (frontend/), named here as the subcommands have always named it.
using namespace urlscan::frontend;

int run_scan(int argc, char** argv, int first);
int run_train(int argc, char** argv, int first);
int run_eval(int argc, char** argv, int first);
int run_sites(int argc, char** argv, int first);

}  // namespace urlscan::cli
