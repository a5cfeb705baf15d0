// The unlearning hyperparameter flags (PGD, the lambdas, the Fisher's scale,
// epochs, learning rate), registered once for forget, reproduce and demo.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "unlearn/unlearn_config.h"

namespace emoforget::cli {

struct MethodFlagChoice {
  std::string prefix;       // "" (--epochs, --lr) or "unlearn-" (--unlearn-epochs, ...)
  bool single_tau = true;   // --tau sets one radius (reproduce sweeps a list of its own)
  bool retrain = false;     // --retrain-epochs, --retrain-lr
  bool own_attack = false;  // a method with its own M and P keeps them unless --m/--p is named
};

void add_method_flags(CLI::App* app, unlearn::MethodSettings& settings,
                      const MethodFlagChoice& choice = {});

}  // namespace emoforget::cli
