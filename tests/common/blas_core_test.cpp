#include "common/blas_core.h"

#include <cstdlib>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace emoforget {
namespace {

// Runs `emoforget info` with OPENBLAS_CORETYPE as given and returns the kernels it reports.
std::string info_blas_core(const char* coretype) {
  const char* outer = std::getenv("OPENBLAS_CORETYPE");
  const std::string saved = outer == nullptr ? "" : outer;
  setenv("OPENBLAS_CORETYPE", coretype, 1);
  const testing::CliResult result = testing::run_cli({"info"});
  if (outer == nullptr) {
    unsetenv("OPENBLAS_CORETYPE");
  } else {
    setenv("OPENBLAS_CORETYPE", saved.c_str(), 1);
  }
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return nlohmann::json::parse(result.out).value("blas_core", "missing");
}

TEST(BlasCore, InfoReportsTheKernelsOpenBlasRuns) {
  if (blas_core_name().empty()) {
    EXPECT_EQ(info_blas_core("Haswell"), "") << "no OpenBLAS here, none reported";
    return;
  }
  EXPECT_EQ(info_blas_core("Haswell"), "Haswell");
  EXPECT_EQ(info_blas_core("Sandybridge"), "Sandybridge");
}

}  // namespace
}  // namespace emoforget
