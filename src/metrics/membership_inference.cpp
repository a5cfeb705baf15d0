#include "metrics/membership_inference.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <torch/torch.h>

#include "common/error.h"

namespace emoforget::metrics {
namespace {

void check_scores(const std::vector<double>& scores, const std::string& side) {
  if (scores.empty()) throw Error("roc_auc: no " + side + " scores");
  for (size_t i = 0; i < scores.size(); ++i) {
    if (std::isnan(scores[i])) {
      throw Error("roc_auc: " + side + " score " + std::to_string(i) + " is NaN");
    }
  }
}

// Checks (N, C) logits against (N) class ids; returns float64 log-probabilities.
torch::Tensor log_probabilities(const torch::Tensor& logits, const torch::Tensor& labels) {
  if (!logits.defined() || logits.dim() != 2 || logits.size(0) == 0 || logits.size(1) < 2) {
    throw Error("membership inference: expected (N, C) logits with N >= 1 and C >= 2");
  }
  if (!labels.defined() || labels.dim() != 1 || labels.size(0) != logits.size(0)) {
    throw Error("membership inference: expected " + std::to_string(logits.size(0)) +
                " labels for " + std::to_string(logits.size(0)) + " rows of logits");
  }
  const torch::Tensor ids = labels.to(torch::kCPU, torch::kInt64);
  if (ids.min().item<int64_t>() < 0 || ids.max().item<int64_t>() >= logits.size(1)) {
    throw Error("membership inference: a label is outside [0, " + std::to_string(logits.size(1)) +
                ")");
  }
  return torch::log_softmax(logits.to(torch::kCPU, torch::kFloat64), 1);
}

}  // namespace

double roc_auc(const std::vector<double>& positive_scores,
               const std::vector<double>& negative_scores) {
  check_scores(positive_scores, "positive");
  check_scores(negative_scores, "negative");
  struct Scored {
    double score;
    bool positive;
  };
  std::vector<Scored> all;
  all.reserve(positive_scores.size() + negative_scores.size());
  for (double s : positive_scores)
    all.push_back({s, true});
  for (double s : negative_scores)
    all.push_back({s, false});
  std::sort(all.begin(), all.end(),
            [](const Scored& a, const Scored& b) { return a.score < b.score; });
  // Sum of the positives' ranks (1-based, tied scores share their mean rank).
  double positive_rank_sum = 0.0;
  for (size_t start = 0; start < all.size();) {
    size_t end = start;
    int64_t tied_positives = 0;
    while (end < all.size() && all[end].score == all[start].score) {
      tied_positives += all[end].positive ? 1 : 0;
      ++end;
    }
    const double mean_rank = 0.5 * static_cast<double>(start + 1 + end);
    positive_rank_sum += mean_rank * static_cast<double>(tied_positives);
    start = end;
  }
  const double n_pos = static_cast<double>(positive_scores.size());
  const double n_neg = static_cast<double>(negative_scores.size());
  const double u = positive_rank_sum - n_pos * (n_pos + 1.0) / 2.0;
  return u / (n_pos * n_neg);
}

double loss_threshold_auc(const std::vector<double>& member_losses,
                          const std::vector<double>& nonmember_losses) {
  std::vector<double> members(member_losses.size());
  std::vector<double> nonmembers(nonmember_losses.size());
  std::transform(member_losses.begin(), member_losses.end(), members.begin(),
                 [](double loss) { return -loss; });
  std::transform(nonmember_losses.begin(), nonmember_losses.end(), nonmembers.begin(),
                 [](double loss) { return -loss; });
  return roc_auc(members, nonmembers);
}

std::vector<std::pair<double, double>> loss_threshold_roc(
    const std::vector<double>& member_losses, const std::vector<double>& nonmember_losses) {
  if (member_losses.empty() || nonmember_losses.empty())
    throw Error("loss_threshold_roc: needs members and non-members");
  // Rows sorted by loss: lowest loss first = most confidently called a member.
  std::vector<std::pair<double, bool>> rows;
  for (const double l : member_losses)
    rows.emplace_back(l, true);
  for (const double l : nonmember_losses)
    rows.emplace_back(l, false);
  std::sort(rows.begin(), rows.end());
  const double members = static_cast<double>(member_losses.size());
  const double nonmembers = static_cast<double>(nonmember_losses.size());
  std::vector<std::pair<double, double>> curve = {{0.0, 0.0}};
  double tp = 0, fp = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    (rows[i].second ? tp : fp) += 1;
    if (i + 1 == rows.size() || rows[i + 1].first != rows[i].first)
      curve.emplace_back(fp / nonmembers, tp / members);
  }
  return curve;
}

std::vector<double> per_utterance_loss(const torch::Tensor& logits, const torch::Tensor& labels) {
  const torch::Tensor log_p = log_probabilities(logits, labels);
  const torch::Tensor loss =
      -log_p.gather(1, labels.to(torch::kCPU, torch::kInt64).unsqueeze(1)).squeeze(1).contiguous();
  return std::vector<double>(loss.data_ptr<double>(), loss.data_ptr<double>() + loss.numel());
}

torch::Tensor attack_features(const torch::Tensor& logits, const torch::Tensor& labels) {
  const torch::Tensor log_p = log_probabilities(logits, labels);
  const torch::Tensor p = log_p.exp();
  const torch::Tensor true_log_p =
      log_p.gather(1, labels.to(torch::kCPU, torch::kInt64).unsqueeze(1)).squeeze(1);
  const torch::Tensor max_p = std::get<0>(p.max(1));
  const torch::Tensor entropy = -(p * log_p).sum(1);
  return torch::stack({max_p, true_log_p.exp(), entropy, -true_log_p}, 1).to(torch::kFloat32);
}

const std::vector<std::string>& attack_feature_names() {
  static const std::vector<std::string> names = {"max_prob", "true_class_prob", "entropy", "loss"};
  return names;
}

std::pair<std::vector<int64_t>, std::vector<int64_t>> balanced_subsample(int64_t n_members,
                                                                         int64_t n_nonmembers,
                                                                         Rng& rng) {
  if (n_members < 1 || n_nonmembers < 1) {
    throw Error("balanced subsample: needs members and non-members, got " +
                std::to_string(n_members) + " and " + std::to_string(n_nonmembers));
  }
  const int64_t n = std::min(n_members, n_nonmembers);
  auto draw = [&](int64_t total) {
    std::vector<int64_t> order(total);
    std::iota(order.begin(), order.end(), 0);
    rng.shuffle(order);
    order.resize(n);
    std::sort(order.begin(), order.end());
    return order;
  };
  std::vector<int64_t> members = draw(n_members);
  std::vector<int64_t> nonmembers = draw(n_nonmembers);
  return {members, nonmembers};
}

MiaAttack fit_mia_attack(const torch::Tensor& member_features,
                         const torch::Tensor& nonmember_features,
                         const AttackClassifierConfig& config) {
  if (!member_features.defined() || !nonmember_features.defined() || member_features.dim() != 2 ||
      nonmember_features.dim() != 2 || member_features.size(1) != nonmember_features.size(1)) {
    throw Error("MIA attack: member and non-member features must be (N, F) with the same F");
  }
  const int64_t members = member_features.size(0);
  const int64_t nonmembers = nonmember_features.size(0);
  const torch::Tensor x = torch::cat({member_features, nonmember_features}).to(torch::kFloat32);
  const torch::Tensor y = torch::cat({torch::ones({members}), torch::zeros({nonmembers})});
  AttackClassifier classifier = AttackClassifier::fit(x, y, config);
  const double train_accuracy = classifier.accuracy(x, y);
  return MiaAttack{classifier, members, nonmembers, train_accuracy};
}

double mia_efficacy(const MiaAttack& attack, const torch::Tensor& forget_features) {
  const torch::Tensor member = attack.classifier.predict_member(forget_features);
  return 1.0 - member.to(torch::kFloat64).mean().item<double>();
}

}  // namespace emoforget::metrics
