// Choosing the PGD radius tau per cell as the paper does (Section 3.4): the tau
// with the best mean validation UAR in the train-val setting, for one forget-set
// size N and one method. The train+val->test setting reuses that choice, so the
// test split is never used for selection.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reproduce/records.h"

namespace emoforget::reproduce {

// Validation UAR over seeds per tau, from the train-val records of (n, method).
std::map<double, MeanStd> validation_uar_by_tau(const std::vector<RunRecord>& records, int64_t n,
                                                const std::string& method);

// The tau with the highest mean validation UAR (ties: the smaller tau); empty when
// no train-val record of (n, method) exists.
std::optional<double> select_tau(const std::vector<RunRecord>& records, int64_t n,
                                 const std::string& method);

}  // namespace emoforget::reproduce
