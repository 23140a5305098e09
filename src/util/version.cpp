#include "urlscan/version.hpp"

#include <idn2.h>
#include <oneapi/tbb/version.h>
#include <zlib.h>

#include <string>
#include <xsimd/config/xsimd_config.hpp>

#include "kernel/kernel_decl.hpp"
#include "urlscan/cpu.hpp"
#include "urlscan/model.hpp"
#include "urlscan_config.h"

namespace urlscan {

std::string_view version() noexcept {
  return URLSCAN_VERSION;
}

std::string version_report() {
  std::string r = "urlscan " + std::string(version()) + "\n";
  r += "isa: " + std::string(isa_name(active_isa())) +
       " (best on this CPU: " + std::string(isa_name(best_isa())) + "; built: scalar";
  for (Isa i : {Isa::sse42, Isa::avx2, Isa::avx512})
    if (detail::isa_compiled(i)) r += " " + std::string(isa_name(i));
  r += ")\n";
  r += "libraries: oneTBB " + std::string(TBB_runtime_version()) + ", xsimd " +
       std::to_string(XSIMD_VERSION_MAJOR) + "." + std::to_string(XSIMD_VERSION_MINOR) + "." +
       std::to_string(XSIMD_VERSION_PATCH) + ", libidn2 " + idn2_check_version(nullptr) +
       ", zlib " + zlibVersion() + "\n";
  const Model& m = Model::builtin();
  if (m.loaded())
    r += "model: " + m.id() + " (built in, format " + std::to_string(kModelFormatVersion) + ", " +
         std::to_string(m.file_size()) + " bytes, threshold " +
         std::to_string(m.calibration().threshold) + ")\n";
  else
    r += "model: none built in (bootstrap build)\n";
  return r;
}

}  // namespace urlscan
