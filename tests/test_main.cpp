// GoogleTest main for every suite: applies URLSCAN_ISA (so meson can rerun a suite per forced
// ISA) and skips the whole binary (exit 77) when this CPU lacks the forced ISA.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include "urlscan/cpu.hpp"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  const char* forced = std::getenv("URLSCAN_ISA");
  if (const urlscan::Status s = urlscan::init_isa_from_env(); !s) {
    std::printf("SKIP: URLSCAN_ISA=%s: %s\n", forced, std::string(s.message()).c_str());
    return 77;
  }
  std::printf("kernels: %s%s\n", std::string(urlscan::isa_name(urlscan::active_isa())).c_str(),
              forced ? " (forced by URLSCAN_ISA)" : "");
  return RUN_ALL_TESTS();
}
