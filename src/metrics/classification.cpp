#include "metrics/classification.h"

#include "common/error.h"

namespace emoforget::metrics {

ClassificationReport classification_report(const std::vector<int64_t>& truth,
                                           const std::vector<int64_t>& predicted,
                                           const std::vector<std::string>& labels) {
  if (labels.empty()) throw Error("classification report: no labels given");
  if (truth.empty()) throw Error("classification report: no utterances to evaluate (empty input)");
  if (truth.size() != predicted.size()) {
    throw Error("classification report: " + std::to_string(truth.size()) +
                " reference labels but " + std::to_string(predicted.size()) + " predictions");
  }
  const int64_t num_classes = static_cast<int64_t>(labels.size());
  ClassificationReport report;
  report.n = static_cast<int64_t>(truth.size());
  report.labels = labels;
  report.confusion.assign(num_classes, std::vector<int64_t>(num_classes, 0));
  int64_t correct = 0;
  for (size_t i = 0; i < truth.size(); ++i) {
    for (const int64_t id : {truth[i], predicted[i]}) {
      if (id < 0 || id >= num_classes) {
        throw Error("classification report: class id " + std::to_string(id) + " at position " +
                    std::to_string(i) + " is outside [0, " + std::to_string(num_classes) + ")");
      }
    }
    ++report.confusion[truth[i]][predicted[i]];
    correct += truth[i] == predicted[i];
  }
  report.wa = static_cast<double>(correct) / static_cast<double>(report.n);
  double recall_sum = 0.0;
  int present = 0;
  report.recall.resize(num_classes);
  for (int64_t c = 0; c < num_classes; ++c) {
    int64_t support = 0;
    for (const int64_t count : report.confusion[c])
      support += count;
    if (support == 0) continue;
    const double recall =
        static_cast<double>(report.confusion[c][c]) / static_cast<double>(support);
    report.recall[c] = recall;
    recall_sum += recall;
    ++present;
  }
  report.uar = recall_sum / present;
  double f1_sum = 0.0;
  for (int64_t c = 0; c < num_classes; ++c) {
    if (!report.recall[c]) continue;
    int64_t predicted_as_c = 0;
    for (int64_t t = 0; t < num_classes; ++t)
      predicted_as_c += report.confusion[t][c];
    const double recall = *report.recall[c];
    const double precision =
        predicted_as_c == 0 ? 0.0 : static_cast<double>(report.confusion[c][c]) / predicted_as_c;
    f1_sum += precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
  }
  report.macro_f1 = f1_sum / present;
  return report;
}

nlohmann::json ClassificationReport::to_json() const {
  nlohmann::json per_class = nlohmann::json::object();
  for (size_t c = 0; c < labels.size(); ++c) {
    per_class[labels[c]] = recall[c] ? nlohmann::json(*recall[c]) : nlohmann::json(nullptr);
  }
  return {{"n", n},
          {"uar", uar},
          {"wa", wa},
          {"accuracy", wa},
          {"macro_f1", macro_f1},
          {"recall", per_class},
          {"confusion", {{"labels", labels}, {"rows_true_cols_predicted", confusion}}}};
}

}  // namespace emoforget::metrics
