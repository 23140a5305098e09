// URLSCAN_API marks what liburlscan exports: the public classes and functions keep default
// visibility when the library is built with -fvisibility=hidden (a shared build), so a user
// links against the documented API and nothing else.
#pragma once

#if defined(_WIN32)
#define URLSCAN_API
#else
#define URLSCAN_API __attribute__((visibility("default")))
#endif
