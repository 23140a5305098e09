// gtest's view of a urlscan::Status: ASSERT_TRUE(Succeeded(call())) fails with the call's message.
#pragma once

#include <gtest/gtest.h>

#include "urlscan/error.hpp"

inline ::testing::AssertionResult Succeeded(const urlscan::Status& s) {
  if (s) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << s.message();
}
