// The host a URL sends its visitor on to: an open redirect (google.com/url?q=http://...), a login
// or OAuth flow's continue/redirect_uri, written plainly or percent-encoded once or twice. An
// allowlisted host that passes its visitor to a host off the allowlist is no evidence of safety:
// the scorer then leaves the verdict to the model and the other rules (issue 17).
#pragma once

#include <string>
#include <string_view>

#include "urlscan/url.hpp"

namespace urlscan::detail {

// The lower-cased host of the first absolute http(s) URL inside `u`'s path, query or fragment,
// else empty. Hosts end at the first byte that cannot be in a host name ('/', ':', '%', '?',
// '&', '#', ...).
std::string redirect_target_host(const Url& u);

}  // namespace urlscan::detail
