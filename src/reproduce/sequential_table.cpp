// sequential_markdown (reproduce/sequential.h): per kind and method a table of the
// figures after each request, mean ± 95 % t-interval over the seeds.
#include <cstdio>
#include <sstream>

#include "common/number_text.h"
#include "reproduce/records.h"
#include "reproduce/sequential.h"

namespace emoforget::reproduce {
namespace {}  // namespace

std::string sequential_markdown(const std::vector<SequentialRecord>& records,
                                const BenchmarkConfig& config) {
  std::string seed_list;
  for (const uint64_t s : config.seeds)
    seed_list += (seed_list.empty() ? "" : ", ") + std::to_string(s);
  std::ostringstream md;
  md << "Sequential deletion requests: " << config.sequential
     << " disjoint requests in a row on the same fine-tuned model, each method on its own "
        "chain. Each figure is the mean"
     << (config.seeds.size() > 1 ? " ± half width of the 95 % t-interval" : "") << " over "
     << config.seeds.size() << (config.seeds.size() == 1 ? " seed" : " seeds") << " (" << seed_list
     << "). The reference is retrained once per seed without all the requests. TA: UAR on the "
        "held-out split (kept: share of the fine-tuned model's); UA: UAR on this request's "
        "set; earlier sets: mean UAR on the sets of the requests before (per seed, then over the "
        "seeds), and how many "
        "(set, seed) pairs score above the reference on them; gap: mean |difference| to the "
        "reference of UA, RA, TA and MIA-efficacy.\n";
  for (const std::string& kind : config.requests) {
    for (const std::string& method : config.methods) {
      bool any = false;
      std::ostringstream table;
      table << "\n### "
            << (kind == "random" ? std::to_string(config.random_n) + " random utterances"
                                 : std::string("One speaker"))
            << " per request: " << method << "\n\n"
            << "| request | TA | kept | UA | reference UA | earlier sets UAR | reference on them "
               "| earlier above reference | MIA-eff. | gap to retrain | time (s) |\n"
            << "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
      double last_kept = 0;
      int last_above = 0, last_pairs = 0;
      for (int r = 1; r <= config.sequential; ++r) {
        std::vector<double> ta, kept, ua, ref_ua, earlier, ref_earlier, mia, gap, seconds;
        int above = 0, pairs = 0;
        for (const SequentialRecord& rec : records) {
          if (rec.request != kind || rec.method != method || rec.step != r) continue;
          ta.push_back(rec.ta);
          kept.push_back(rec.ta / rec.original_ta);
          ua.push_back(rec.forget_uar.back());
          ref_ua.push_back(rec.reference_uar.back());
          if (rec.step > 1) {  // per seed the mean over its earlier sets
            double mine = 0, theirs = 0;
            for (size_t k = 0; k + 1 < rec.forget_uar.size(); ++k) {
              mine += rec.forget_uar[k];
              theirs += rec.reference_uar[k];
            }
            earlier.push_back(mine / (rec.step - 1));
            ref_earlier.push_back(theirs / (rec.step - 1));
          }
          above += rec.climbed_back();
          pairs += rec.step - 1;
          mia.push_back(rec.mia_efficacy);
          gap.push_back(rec.avg_gap);
          seconds.push_back(rec.seconds);
        }
        if (ta.empty()) continue;
        any = true;
        last_kept = mean_std(kept).mean;
        last_above = above;
        last_pairs = pairs;
        table << "| " << r << " | " << mean_ci_text(ta) << " | " << percent_text(last_kept) << " | "
              << mean_ci_text(ua) << " | " << mean_ci_text(ref_ua) << " | "
              << (earlier.empty() ? "—" : mean_ci_text(earlier)) << " | "
              << (earlier.empty() ? "—" : mean_ci_text(ref_earlier)) << " | "
              << (pairs == 0 ? "—" : std::to_string(above) + " of " + std::to_string(pairs))
              << " | " << mean_ci_text(mia) << " | " << mean_ci_text(gap) << " | "
              << mean_ci_text(seconds) << " |\n";
      }
      if (!any) continue;
      md << table.str() << "\nAfter request " << config.sequential << ": the model keeps "
         << percent_text(last_kept) << " of the fine-tuned model's held-out UAR; " << last_above
         << " of " << last_pairs
         << " earlier forget sets (over the seeds) score above the retrained reference.\n";
    }
  }
  return md.str();
}

}  // namespace emoforget::reproduce
