// Whether a finished run may be reused by a rerun (`reproduce`, `benchmark --resume`):
// only when it was made with the settings asked for now.
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

namespace emoforget::reproduce {

// Throws Error naming `report_path` and the first setting in which `report`'s "config"
// differs from `expected` (a run's config as the rerun would write it). Paths, the
// device and bf16 may differ; keys the stored config lacks are not compared.
void check_same_config(const nlohmann::json& expected, const nlohmann::json& report,
                       const std::filesystem::path& report_path);

}  // namespace emoforget::reproduce
