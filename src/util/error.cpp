#include "urlscan/error.hpp"

namespace urlscan {

std::string_view message(errc code) noexcept {
  switch (code) {
    case errc::ok:
      return "ok";
    case errc::io_error:
      return "cannot read the file";
    case errc::model_too_small:
      return "not a urlscan model: the file is too small to hold a header";
    case errc::model_bad_magic:
      return "not a urlscan model: wrong magic bytes";
    case errc::model_newer_version:
      return "the model file has a newer format version than this urlscan reads; upgrade urlscan";
    case errc::model_old_version:
      return "the model file has an unknown (older) format version";
    case errc::model_truncated:
      return "the model file is truncated";
    case errc::model_checksum_mismatch:
      return "the model file is corrupted: its checksum does not match";
    case errc::model_bad_section:
      return "the model file has a malformed section table";
    case errc::model_bad_spec:
      return "the model file has an invalid featurizer spec";
    case errc::bad_isa_name:
      return "unknown instruction set (use scalar, sse4.2, avx2 or avx512)";
    case errc::isa_not_supported:
      return "this CPU does not support the requested instruction set";
    case errc::empty_url:
      return "empty record";
    case errc::url_too_long:
      return "record longer than the maximum line length";
    case errc::url_has_nul:
      return "record contains a NUL byte";
    case errc::url_invalid_utf8:
      return "record is not valid UTF-8";
    case errc::url_has_control_chars:
      return "record contains control characters";
    case errc::url_no_host:
      return "no host found in the URL";
    case errc::data_bad_line:
      return "malformed line (expected label<TAB>url with label 0 or 1)";
    case errc::data_one_class:
      return "the data has only one class";
    case errc::data_empty:
      return "no usable rows in the data";
    case errc::url_blank_in_host:
      return "space or control character in the host (not a URL)";
  }
  return "unknown error";
}

}  // namespace urlscan
