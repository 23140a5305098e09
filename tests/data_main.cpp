// GoogleTest main for the labelled-data gates (test_data, test_data_blind): without the data
// set the whole binary skips (exit 77, with the reason printed), and URLSCAN_ISA applies as in
// test_main.cpp.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "data_dir.hpp"
#include "urlscan/cpu.hpp"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  const std::string d = urlscan::data_dir();
  if (d.empty() || !std::filesystem::exists(d + "/train.tsv")) {
    std::printf("SKIP: labelled data not found at '%s' (set URLSCAN_DATA or -Ddata_dir)\n",
                d.c_str());
    return 77;
  }
  if (!urlscan::init_isa_from_env()) {
    std::printf("URLSCAN_ISA names no ISA this CPU runs\n");
    return 1;
  }
  return RUN_ALL_TESTS();
}
