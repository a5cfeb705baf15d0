#include "reproduce/grid.h"

#include <cstdio>

#include "common/error.h"
#include "unlearn/method_info.h"

namespace emoforget::reproduce {
namespace fs = std::filesystem;

std::string format_tau(double tau) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", tau);
  return text;
}

std::string RunSpec::label() const {
  std::string text = setting.name + " seed " + std::to_string(seed);
  if (finetune) return text + " fine-tune";
  text += " N=" + std::to_string(n) + " " + method;
  if (method_uses_tau(method)) {
    text += tau_from_validation && tau == 0.0 ? " tau=(chosen on val)" : " tau=" + format_tau(tau);
  }
  return text;
}

std::vector<RunSpec> plan_runs(const ReproduceConfig& config) {
  std::vector<RunSpec> runs;
  for (const Setting& setting : config.ordered_settings()) {
    const bool choose_on_validation = setting.name != "train-val" && config.taus.size() > 1;
    for (const uint64_t seed : config.seeds) {
      RunSpec finetune;
      finetune.finetune = true;
      finetune.setting = setting;
      finetune.seed = seed;
      runs.push_back(finetune);
      // The retrained reference first: every other run of the N is audited against it.
      std::vector<std::string> methods;
      for (const std::string& m : config.methods) {
        if (unlearn::method_info(m).needs_init)
          methods.insert(methods.begin(), m);
        else
          methods.push_back(m);
      }
      for (const int64_t n : config.ns) {
        for (const std::string& method : methods) {
          RunSpec run;
          run.setting = setting;
          run.seed = seed;
          run.method = method;
          run.n = n;
          if (!method_uses_tau(method)) {
            runs.push_back(run);
          } else if (choose_on_validation) {
            run.tau_from_validation = true;
            runs.push_back(run);
          } else if (setting.name != "train-val") {
            run.tau = config.taus.front();  // a single tau: nothing to choose
            runs.push_back(run);
          } else {
            for (const double tau : config.taus) {
              run.tau = tau;
              runs.push_back(run);
            }
          }
        }
      }
    }
  }
  return runs;
}

fs::path finetune_dir(const fs::path& out, const Setting& setting, uint64_t seed) {
  return out / "runs" / setting.name / ("seed" + std::to_string(seed)) / "finetune";
}

fs::path init_dir(const fs::path& out, const Setting& setting, uint64_t seed) {
  return out / "runs" / setting.name / ("seed" + std::to_string(seed)) / "init";
}

fs::path run_dir(const fs::path& out, const RunSpec& spec) {
  if (spec.finetune) return finetune_dir(out, spec.setting, spec.seed);
  std::string name = "n" + std::to_string(spec.n) + "-" + spec.method;
  if (method_uses_tau(spec.method)) {
    if (!(spec.tau > 0)) {
      throw Error("run " + spec.label() + ": tau is not chosen yet (no train-val runs of " +
                  spec.method + " at N=" + std::to_string(spec.n) + ")");
    }
    name += "-tau" + format_tau(spec.tau);
  }
  return out / "runs" / spec.setting.name / ("seed" + std::to_string(spec.seed)) / name;
}

}  // namespace emoforget::reproduce
