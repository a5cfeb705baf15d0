// Printable forms of predictions (see prediction_report.h).
#include "train/prediction_report.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace emoforget::train {
namespace {

std::string fixed(float value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, static_cast<double>(value));
  return text;
}

}  // namespace

nlohmann::json predictions_to_json(const std::vector<Prediction>& predictions,
                                   const std::vector<std::string>& labels) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& p : predictions) {
    nlohmann::json probabilities = nlohmann::json::object();
    nlohmann::json logits = nlohmann::json::object();
    for (size_t c = 0; c < labels.size() && c < p.logits.size(); ++c) {
      probabilities[labels[c]] = p.probabilities[c];
      logits[labels[c]] = p.logits[c];
    }
    rows.push_back({{"file", p.file},
                    {"label", p.label},
                    {"label_id", p.label_id},
                    {"probabilities", probabilities},
                    {"logits", logits}});
  }
  return {{"labels", labels}, {"predictions", rows}};
}

std::string predictions_table(const std::vector<Prediction>& predictions,
                              const std::vector<std::string>& labels) {
  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> header = {"file", "label"};
  for (const auto& l : labels)
    header.push_back("p(" + l + ")");
  for (const auto& l : labels)
    header.push_back("logit(" + l + ")");
  cells.push_back(header);
  for (const auto& p : predictions) {
    std::vector<std::string> row = {p.file, p.label};
    for (float q : p.probabilities)
      row.push_back(fixed(q, 4));
    for (float z : p.logits)
      row.push_back(fixed(z, 4));
    cells.push_back(row);
  }

  std::vector<size_t> width(header.size(), 0);
  for (const auto& row : cells) {
    for (size_t c = 0; c < row.size() && c < width.size(); ++c) {
      width[c] = std::max(width[c], row[c].size());
    }
  }
  std::ostringstream out;
  for (const auto& row : cells) {
    for (size_t c = 0; c < row.size(); ++c) {
      const bool text = c < 2;  // file and label left-aligned, numbers right-aligned
      const std::string pad(width[c] - row[c].size(), ' ');
      if (c > 0) out << "  ";
      out << (text ? row[c] + (c + 1 < row.size() ? pad : "") : pad + row[c]);
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace emoforget::train
