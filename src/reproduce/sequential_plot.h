// The sequential benchmark's plot per request kind and method: held-out UAR and
// each forget set's UAR over the requests (mean over seeds), beside the retrained
// reference's and 90 % of the fine-tuned model's held-out UAR.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reproduce/sequential.h"

namespace emoforget::reproduce {

// Writes sequential-KIND-METHOD.{csv,gp,png} into `out` and appends their paths to `files`.
void write_sequential_plot(const std::filesystem::path& out,
                           const std::vector<SequentialRecord>& records, const std::string& kind,
                           const std::string& method, int count, nlohmann::json& files);

}  // namespace emoforget::reproduce
