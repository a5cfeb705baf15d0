// Membership inference on per-utterance model outputs, the audit's evidence that
// a forget set left the model:
// - the loss-threshold attack's ROC AUC (members have lower loss), computed as the
//   Mann-Whitney statistic P(s_member > s_nonmember) + 0.5 P(s_member = s_nonmember);
// - MIA-efficacy (as in the SalUn / "Model Sparsity" unlearning papers): an attack
//   classifier fitted on members vs unseen non-members, applied to the forget set;
//   the share of forget utterances it calls non-members.
// Pure computation: no file or model access.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <torch/types.h>

#include "common/rng.h"
#include "metrics/attack_classifier.h"

namespace emoforget::metrics {

// ROC AUC of a score that should be higher for positives, with ties counted half
// (equals the Mann-Whitney U / (n_pos * n_neg)). O((n+m) log(n+m)). Throws on an
// empty side or a NaN score.
double roc_auc(const std::vector<double>& positive_scores,
               const std::vector<double>& negative_scores);

// AUC of the loss-threshold attack: score = -loss, members = positives.
double loss_threshold_auc(const std::vector<double>& member_losses,
                          const std::vector<double>& nonmember_losses);

// The ROC curve of the loss-threshold attack (members = positives, score = -loss):
// (false positive rate, true positive rate) from (0,0) to (1,1), one point per
// distinct threshold; tied losses move both rates at once. Throws on an empty side.
std::vector<std::pair<double, double>> loss_threshold_roc(
    const std::vector<double>& member_losses, const std::vector<double>& nonmember_losses);

// Per-row cross-entropy of (N, C) logits against (N) int64 class ids.
std::vector<double> per_utterance_loss(const torch::Tensor& logits, const torch::Tensor& labels);

// Attack features per utterance from (N, C) logits and (N) class ids, as (N, 4) float32:
// [max softmax probability, probability of the true class, entropy of the softmax
// (nats), cross-entropy loss]. Confidence and correctness features: a model is more
// confident and has lower loss on what it was trained on.
torch::Tensor attack_features(const torch::Tensor& logits, const torch::Tensor& labels);

// Names of the attack_features() columns, in order.
const std::vector<std::string>& attack_feature_names();

// A balanced, seeded subsample: min(n_members, n_nonmembers) indices from each side
// (each list in ascending order). Throws when either side is empty.
std::pair<std::vector<int64_t>, std::vector<int64_t>> balanced_subsample(int64_t n_members,
                                                                         int64_t n_nonmembers,
                                                                         Rng& rng);

struct MiaAttack {
  AttackClassifier classifier;
  int64_t members = 0;  // rows it was fitted on, per side (balanced)
  int64_t nonmembers = 0;
  double train_accuracy = 0.0;
};

// Fits the attack on member rows vs non-member rows of (N, F) features. The caller
// balances the two sides (balanced_subsample) when it wants a 0.5 chance level.
MiaAttack fit_mia_attack(const torch::Tensor& member_features,
                         const torch::Tensor& nonmember_features,
                         const AttackClassifierConfig& config);

// MIA-efficacy: the share of `forget_features` rows the attack calls non-members
// (1 = the model behaves on the forget set as on data it never saw).
double mia_efficacy(const MiaAttack& attack, const torch::Tensor& forget_features);

}  // namespace emoforget::metrics
