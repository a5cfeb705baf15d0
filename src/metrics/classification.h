// Classification metrics for SER: UAR (unweighted average recall = balanced
// accuracy over the classes present in the reference labels), WA (accuracy),
// per-class recall and the confusion matrix, as the paper reports them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace emoforget::metrics {

struct ClassificationReport {
  int64_t n = 0;
  double uar = 0.0;
  double wa = 0.0;
  std::vector<std::string> labels;
  double macro_f1 = 0.0;  // mean F1 over the classes present in the reference labels
  std::vector<std::optional<double>> recall;    // per label; empty when absent from the reference
  std::vector<std::vector<int64_t>> confusion;  // [true label][predicted label]

  nlohmann::json to_json() const;
};

// `truth` and `predicted` hold class ids in [0, labels.size()). Throws on empty
// input, mismatched lengths or an id outside the label range.
ClassificationReport classification_report(const std::vector<int64_t>& truth,
                                           const std::vector<int64_t>& predicted,
                                           const std::vector<std::string>& labels);

}  // namespace emoforget::metrics
