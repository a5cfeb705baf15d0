#include "train/collapse_guard.h"

#include <cmath>
#include <cstdio>

namespace emoforget::train {

bool epoch_collapsed(double loss, const nlohmann::json& history, int num_classes) {
  if (!std::isfinite(loss)) return true;
  const double chance = std::log(static_cast<double>(num_classes));
  double best = INFINITY;
  for (const auto& epoch : history) {
    if (epoch.contains("train_loss")) best = std::min(best, epoch["train_loss"].get<double>());
  }
  return best <= kLearntShare * chance && loss >= kCollapsedShare * chance;
}

std::optional<std::string> chance_warning(const nlohmann::json& history, int num_classes,
                                          const std::string& split) {
  const double chance = 1.0 / static_cast<double>(num_classes);
  int at_chance = 0;
  for (auto it = history.rbegin(); it != history.rend() && at_chance < kChanceEpochs; ++it) {
    if (!it->contains("val_uar") || (*it)["val_uar"].get<double>() > chance + 0.02) break;
    ++at_chance;
  }
  if (at_chance < kChanceEpochs) return std::nullopt;
  char text[256];
  std::snprintf(text, sizeof text,
                "%s UAR has stayed at chance (%.3f) for %d epochs up to epoch %d: the model is "
                "not learning; try a lower --lr, more data or --crop random",
                split.c_str(), chance, kChanceEpochs, history.back()["epoch"].get<int>());
  return std::string(text);
}

}  // namespace emoforget::train
