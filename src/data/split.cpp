// Speaker-independent split: greedy seeded assignment plus local search, both
// minimising the squared deviation of per-split x emotion counts from targets
// (algorithm in split.h), and the summary table printed after a split.
#include "data/split.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "common/error.h"
#include "common/rng.h"

namespace emoforget::data {

namespace {

constexpr int kMaxRefinePasses = 100;
constexpr double kImprovement = 1e-9;

std::string format_fractions(const std::array<double, 3>& f) {
  std::ostringstream out;
  out << f[0] << "," << f[1] << "," << f[2];
  return out.str();
}

// Assigned counts per split x emotion against their targets.
class SplitState {
 public:
  explicit SplitState(std::vector<std::vector<double>> target) : target_(std::move(target)) {
    assigned_.assign(3, std::vector<double>(target_[0].size(), 0.0));
  }

  // Change of the squared deviation if split `s` gained `plus` and lost `minus`
  // (null: nothing).
  double delta(int s, const std::vector<double>& plus, const std::vector<double>* minus) const {
    double d = 0.0;
    for (size_t e = 0; e < plus.size(); ++e) {
      const double before = assigned_[s][e] - target_[s][e];
      const double after = before + plus[e] - (minus ? (*minus)[e] : 0.0);
      d += after * after - before * before;
    }
    return d;
  }

  // Change of the squared deviation if split `s` lost `counts`.
  double remove_delta(int s, const std::vector<double>& counts) const {
    double d = 0.0;
    for (size_t e = 0; e < counts.size(); ++e) {
      const double before = assigned_[s][e] - target_[s][e];
      const double after = before - counts[e];
      d += after * after - before * before;
    }
    return d;
  }

  void add(int s, const std::vector<double>& counts, double sign) {
    for (size_t e = 0; e < counts.size(); ++e)
      assigned_[s][e] += sign * counts[e];
  }

 private:
  std::vector<std::vector<double>> target_;
  std::vector<std::vector<double>> assigned_;
};

}  // namespace

std::array<double, 3> SplitConfig::parse_fractions(const std::string& text) {
  const std::string hint =
      "expected three comma-separated fractions train,val,test such as 0.32,0.32,0.36";
  std::vector<std::string> items(1);
  for (const char c : text) {
    if (c == ',') {
      items.emplace_back();
    } else {
      items.back() += c;
    }
  }
  if (items.size() != 3) {
    throw Error("split fractions '" + text + "': " + std::to_string(items.size()) + " values; " +
                hint);
  }
  std::vector<double> values;
  for (const std::string& item : items) {
    size_t used = 0;
    double value = 0.0;
    bool parsed = true;
    try {
      value = std::stod(item, &used);
    } catch (const std::exception&) {
      parsed = false;
    }
    while (used < item.size() && std::isspace(static_cast<unsigned char>(item[used])))
      ++used;
    if (!parsed || used != item.size()) {
      throw Error("split fractions '" + text + "': '" + item + "' is not a number; " + hint);
    }
    values.push_back(value);
  }
  return {values[0], values[1], values[2]};
}

void SplitConfig::validate() const {
  double sum = 0.0;
  for (size_t i = 0; i < fractions.size(); ++i) {
    if (!std::isfinite(fractions[i]) || fractions[i] < 0.0) {
      throw Error("SplitConfig.fractions: " + kSplitNames[i] + " fraction " +
                  std::to_string(fractions[i]) + " must be a number >= 0 (got " +
                  format_fractions(fractions) + ")");
    }
    sum += fractions[i];
  }
  if (std::fabs(sum - 1.0) > 1e-6) {
    throw Error("SplitConfig.fractions: " + format_fractions(fractions) + " sum to " +
                std::to_string(sum) + "; train,val,test fractions must sum to 1");
  }
}

void assign_speaker_splits(Manifest& manifest, const SplitConfig& config) {
  config.validate();
  const std::vector<std::string> speakers = manifest.speakers();
  const std::vector<std::string> emotions = manifest.emotions();
  std::vector<int> nonzero;
  for (int s = 0; s < 3; ++s) {
    if (config.fractions[s] > 0.0) nonzero.push_back(s);
  }
  if (speakers.size() < nonzero.size()) {
    throw Error("cannot split " + std::to_string(speakers.size()) + " speaker(s) into " +
                std::to_string(nonzero.size()) + " non-empty splits (fractions " +
                format_fractions(config.fractions) +
                "); give a split fraction 0 or use more speakers");
  }

  std::map<std::string, size_t> speaker_index, emotion_index;
  for (size_t i = 0; i < speakers.size(); ++i)
    speaker_index[speakers[i]] = i;
  for (size_t i = 0; i < emotions.size(); ++i)
    emotion_index[emotions[i]] = i;
  std::vector<std::vector<double>> counts(speakers.size(),
                                          std::vector<double>(emotions.size(), 0.0));
  std::vector<double> totals(emotions.size(), 0.0);
  for (const Utterance& u : manifest.utterances) {
    const size_t e = emotion_index.at(u.emotion);
    counts[speaker_index.at(u.speaker)][e] += 1.0;
    totals[e] += 1.0;
  }
  std::vector<std::vector<double>> target(3, std::vector<double>(emotions.size()));
  for (int s = 0; s < 3; ++s) {
    for (size_t e = 0; e < emotions.size(); ++e)
      target[s][e] = config.fractions[s] * totals[e];
  }
  SplitState state(target);

  // Greedy pass over seeded-shuffled speakers.
  std::vector<size_t> order(speakers.size());
  std::iota(order.begin(), order.end(), 0);
  Rng rng(config.seed);
  rng.shuffle(order);
  std::vector<int> split_of(speakers.size(), -1);
  std::array<size_t, 3> members{0, 0, 0};
  for (size_t k = 0; k < order.size(); ++k) {
    const size_t sp = order[k];
    std::vector<int> candidates;
    for (int s : nonzero) {
      if (members[s] == 0) candidates.push_back(s);
    }
    if (order.size() - k > candidates.size()) candidates = nonzero;
    int best = candidates[0];
    double best_delta = state.delta(best, counts[sp], nullptr);
    for (size_t c = 1; c < candidates.size(); ++c) {
      const double d = state.delta(candidates[c], counts[sp], nullptr);
      if (d < best_delta - kImprovement) {
        best = candidates[c];
        best_delta = d;
      }
    }
    split_of[sp] = best;
    ++members[best];
    state.add(best, counts[sp], 1.0);
  }

  // Local search: single moves, then pairwise swaps, until nothing improves.
  for (int pass = 0; pass < kMaxRefinePasses; ++pass) {
    bool improved = false;
    for (const size_t sp : order) {
      const int from = split_of[sp];
      if (members[from] <= 1) continue;
      for (int to : nonzero) {
        if (to == from) continue;
        const double d =
            state.remove_delta(from, counts[sp]) + state.delta(to, counts[sp], nullptr);
        if (d < -kImprovement) {
          state.add(from, counts[sp], -1.0);
          state.add(to, counts[sp], 1.0);
          --members[from];
          ++members[to];
          split_of[sp] = to;
          improved = true;
          break;
        }
      }
    }
    for (size_t i = 0; i < order.size(); ++i) {
      for (size_t j = i + 1; j < order.size(); ++j) {
        const size_t a = order[i], b = order[j];
        const int sa = split_of[a], sb = split_of[b];
        if (sa == sb) continue;
        const double d =
            state.delta(sa, counts[b], &counts[a]) + state.delta(sb, counts[a], &counts[b]);
        if (d < -kImprovement) {
          state.add(sa, counts[a], -1.0);
          state.add(sa, counts[b], 1.0);
          state.add(sb, counts[b], -1.0);
          state.add(sb, counts[a], 1.0);
          split_of[a] = sb;
          split_of[b] = sa;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }

  for (Utterance& u : manifest.utterances) {
    u.split = kSplitNames[split_of[speaker_index.at(u.speaker)]];
  }
}

std::string split_summary(const Manifest& manifest) {
  const std::vector<std::string> emotions = manifest.emotions();
  std::vector<std::string> rows(kSplitNames.begin(), kSplitNames.end());
  bool unsplit = false;
  for (const Utterance& u : manifest.utterances)
    unsplit = unsplit || u.split.empty();
  if (unsplit) rows.push_back("");

  std::vector<std::string> header = {"split", "speakers", "utterances", "share"};
  header.insert(header.end(), emotions.begin(), emotions.end());
  std::vector<std::vector<std::string>> table = {header};
  const double total = static_cast<double>(manifest.utterances.size());
  auto add_row = [&](const std::string& name, const std::vector<const Utterance*>& utts) {
    std::map<std::string, size_t> per_emotion;
    std::map<std::string, bool> speakers;
    for (const Utterance* u : utts) {
      ++per_emotion[u->emotion];
      speakers[u->speaker] = true;
    }
    char share[32];
    std::snprintf(share, sizeof(share), "%.1f%%", total > 0 ? 100.0 * utts.size() / total : 0.0);
    std::vector<std::string> row = {name, std::to_string(speakers.size()),
                                    std::to_string(utts.size()), share};
    for (const std::string& e : emotions)
      row.push_back(std::to_string(per_emotion[e]));
    table.push_back(row);
  };
  for (const std::string& split : rows) {
    add_row(split.empty() ? "(none)" : split, manifest.in_split(split));
  }
  std::vector<const Utterance*> all;
  for (const Utterance& u : manifest.utterances)
    all.push_back(&u);
  add_row("total", all);

  std::vector<size_t> width(header.size(), 0);
  for (const auto& row : table) {
    for (size_t c = 0; c < row.size(); ++c)
      width[c] = std::max(width[c], row[c].size());
  }
  std::string out;
  for (const auto& row : table) {
    for (size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      out += c == 0 ? row[c] + pad : "  " + pad + row[c];
    }
    out += "\n";
  }
  return out;
}

}  // namespace emoforget::data
