// Catching a training run that collapses instead of letting it run on at chance:
// an epoch whose loss is not finite, or that jumps back to chance level (ln C for
// C classes) or above after the run had learnt, is rolled back to the last epoch's
// saved state and retried at half the learning rate (finetune.cpp); a validation
// UAR that stays at chance for several epochs is reported on stderr and in the report.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace emoforget::train {

constexpr int kMaxRollbacks = 3;          // then the run stops with a clear message
constexpr int kChanceEpochs = 3;          // validation epochs at chance before the warning
constexpr double kLearntShare = 0.9;      // "had learnt": an epoch's loss at most 0.9 ln C
constexpr double kCollapsedShare = 0.99;  // "back to chance": a loss of 0.99 ln C or more

// Whether an epoch with mean training loss `loss` collapsed, given the epochs before it
// (`history`: objects with "train_loss").
bool epoch_collapsed(double loss, const nlohmann::json& history, int num_classes);

// A warning when the last kChanceEpochs epochs of `history` ("val_uar") all stayed
// within 0.02 of chance (1 / C); nullopt otherwise.
std::optional<std::string> chance_warning(const nlohmann::json& history, int num_classes,
                                          const std::string& split);

}  // namespace emoforget::train
