#include "reproduce/table1.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

#include "common/error.h"
#include "metrics/confidence.h"
#include "reproduce/tau_selection.h"
#include "unlearn/method_info.h"

namespace emoforget::reproduce {
namespace {

std::string fixed3(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", value);
  return text;
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

std::string cell_text(const MeanStd& value, bool star) {
  if (value.count == 0) return "-";
  std::string text = fixed3(value.mean);
  if (value.count > 1) text += " ± " + fixed3(value.ci95);
  return text + (star ? "*" : "");
}

// The tau a cell reports: chosen on train-val validation UAR when such records
// exist, else the single tau the setting's runs used.
std::optional<double> chosen_tau(const std::vector<RunRecord>& records, const Setting& setting,
                                 int64_t n, const std::string& method) {
  if (const auto tau = select_tau(records, n, method)) return tau;
  std::set<double> taus;
  for (const RunRecord& r : records) {
    if (r.setting == setting.name && r.n == n && r.method == method) taus.insert(r.tau);
  }
  if (taus.empty()) return std::nullopt;
  if (taus.size() > 1) {
    throw Error("Table 1: " + method + " at N=" + std::to_string(n) + " in " + setting.name +
                " has runs at several tau values but no train-val runs to choose one on "
                "validation; add train-val to --settings");
  }
  return *taus.begin();
}

std::optional<Table1Cell> make_cell(const std::vector<RunRecord>& records, const Setting& setting,
                                    int64_t n, const std::string& method) {
  const bool finetune = method == kFinetuneMethod;
  double tau = 0.0;
  if (method_uses_tau(method)) {
    const auto chosen = chosen_tau(records, setting, n, method);
    if (!chosen) return std::nullopt;
    tau = *chosen;
  }
  Table1Cell cell;
  cell.setting = setting.name;
  cell.held_out = setting.held_out;
  cell.n = n;
  cell.method = method;
  cell.tau = tau;
  std::vector<double> forget, held_out;
  for (const RunRecord& r : records) {
    if (r.setting != setting.name || r.method != method) continue;
    if (!finetune && (r.n != n || r.tau != tau)) continue;
    if (!finetune) forget.push_back(r.forget_uar);
    held_out.push_back(r.held_out_uar);
    cell.held_out_by_seed[r.seed] = {r.held_out_correct(), r.held_out_n};
  }
  if (held_out.empty()) return std::nullopt;
  cell.forget_uar = mean_std(forget);
  cell.held_out_uar = mean_std(held_out);
  return cell;
}

// The row Table 1's stars test against (Ran. Lab.).
std::string baseline_method() {
  for (const unlearn::MethodInfo& info : unlearn::method_infos()) {
    if (info.table1_baseline) return info.name;
  }
  return "";
}

// Stars: the proposed method with the best held-out UAR against Ran. Lab.
void mark_stars(Table1& table) {
  const std::string baseline = baseline_method();
  for (const Setting& setting : table.settings) {
    for (const int64_t n : table.ns) {
      const Table1Cell* ranlab = table.find(setting.name, n, baseline);
      Table1Cell* best = nullptr;
      for (Table1Cell& cell : table.cells) {
        if (cell.setting != setting.name || cell.n != n || !method_uses_tau(cell.method)) continue;
        if (ranlab != nullptr) {
          std::vector<metrics::ZTestResult> tests;
          for (const auto& [seed, counts] : cell.held_out_by_seed) {
            const auto other = ranlab->held_out_by_seed.find(seed);
            if (other == ranlab->held_out_by_seed.end()) continue;
            cell.z_by_seed[seed] = metrics::two_proportion_z_test(
                counts.first, counts.second, other->second.first, other->second.second);
            tests.push_back(cell.z_by_seed[seed]);
          }
          cell.has_z = !tests.empty();
          if (cell.has_z) cell.z_vs_ranlab = metrics::stouffer_combined(tests);
        }
        if (best == nullptr || cell.held_out_uar.mean > best->held_out_uar.mean) best = &cell;
      }
      if (best != nullptr && best->has_z) best->star = best->z_vs_ranlab.p_value < kStarPValue;
    }
  }
}

}  // namespace

const Table1Cell* Table1::find(const std::string& setting, int64_t n,
                               const std::string& method) const {
  for (const Table1Cell& cell : cells) {
    if (cell.setting == setting && cell.n == n && cell.method == method) return &cell;
  }
  return nullptr;
}

std::string method_title(const std::string& method) {
  if (method == kFinetuneMethod) return "Fine-tune";
  const unlearn::MethodInfo* info = unlearn::find_method_info(method);
  return info != nullptr ? info->title : method;
}

Table1 build_table1(const std::vector<RunRecord>& records, const std::vector<int64_t>& ns,
                    const std::vector<Setting>& settings, const std::vector<std::string>& methods) {
  Table1 table;
  std::set<uint64_t> seeds;
  for (const RunRecord& r : records)
    seeds.insert(r.seed);
  table.seeds.assign(seeds.begin(), seeds.end());
  table.ns = ns;
  table.settings = settings;
  table.methods.push_back(kFinetuneMethod);
  for (const std::string& method : unlearn::table1_method_names()) {  // the paper's row order
    for (const std::string& wanted : methods) {
      if (wanted == method) table.methods.push_back(method);
    }
  }
  const std::string& reference = unlearn::reference_method().name;  // last: the yardstick
  if (std::find(methods.begin(), methods.end(), reference) != methods.end())
    table.methods.push_back(reference);
  for (const int64_t n : ns) {
    for (const Setting& setting : settings) {
      for (const std::string& method : table.methods) {
        if (auto cell = make_cell(records, setting, n, method)) table.cells.push_back(*cell);
      }
    }
  }
  mark_stars(table);
  return table;
}

std::string table1_csv(const Table1& table) {
  std::ostringstream csv;
  csv << "setting,held_out,n,method,tau,seeds,forget_uar_mean,forget_uar_std,forget_uar_ci95,"
         "held_out_uar_mean,held_out_uar_std,held_out_uar_ci95,z_vs_ranlab,p_vs_ranlab,"
         "p_vs_ranlab_per_seed,star\n";
  for (const Table1Cell& c : table.cells) {
    csv << c.setting << ',' << c.held_out << ',' << c.n << ',' << c.method << ','
        << (method_uses_tau(c.method) ? number(c.tau) : "") << ',' << c.held_out_uar.count << ',';
    if (c.forget_uar.count > 0) {
      csv << number(c.forget_uar.mean) << ',' << number(c.forget_uar.std) << ','
          << number(c.forget_uar.ci95) << ',';
    } else {
      csv << ",,,";
    }
    csv << number(c.held_out_uar.mean) << ',' << number(c.held_out_uar.std) << ','
        << number(c.held_out_uar.ci95) << ',';
    if (c.has_z) {
      std::string per_seed;
      for (const auto& [seed, z] : c.z_by_seed)
        per_seed += (per_seed.empty() ? "" : ";") + std::to_string(seed) + ":" + number(z.p_value);
      csv << number(c.z_vs_ranlab.z) << ',' << number(c.z_vs_ranlab.p_value) << ',' << per_seed
          << ',';
    } else {
      csv << ",,,";
    }
    csv << (c.star ? 1 : 0) << '\n';
  }
  return csv.str();
}

std::string table1_markdown(const Table1& table) {
  std::string seed_list;
  for (const uint64_t seed : table.seeds)
    seed_list += (seed_list.empty() ? "" : ", ") + std::to_string(seed);
  std::ostringstream md;
  md << "Table 1: UAR on the forget set (D_e) and on the held-out set when fine-tuning on "
        "Train (held out: Val) or Train+Val (held out: Test). N is the number of forgotten "
        "utterances.";
  if (table.seeds.size() > 1) {
    md << " Mean ± half width of the 95 % confidence interval (Student t, k − 1 degrees of "
          "freedom) over k = "
       << table.seeds.size() << " seeds (" << seed_list << ").";
  } else {
    md << " One seed (" << seed_list << ").";
  }
  md << " *: the best proposed method beats Ran. Lab. with p < 0.001 (one-tailed "
        "two-proportion z-test on held-out correct predictions, run per seed and combined "
        "over seeds with Stouffer's method).\n\n";

  md << "| Method |";
  for (const int64_t n : table.ns) {
    for (const Setting& s : table.settings) {
      const std::string group = "N = " + std::to_string(n) + " " + s.title;
      md << ' ' << group << " D_e | " << group << ' ' << (s.held_out == "val" ? "Val" : "Test")
         << " |";
    }
  }
  md << "\n|---|";
  for (size_t i = 0; i < table.ns.size() * table.settings.size(); ++i)
    md << "---:|---:|";
  md << '\n';
  const size_t columns = 1 + 2 * table.ns.size() * table.settings.size();
  auto section = [&](const std::string& title) {
    md << "| *" << title << "* |";
    for (size_t i = 1; i < columns; ++i)
      md << " |";
    md << '\n';
  };
  bool remain_section = false, forget_section = false;
  for (const std::string& method : table.methods) {
    const unlearn::MethodInfo* info = unlearn::find_method_info(method);
    if (info != nullptr && info->needs_init) {
      section("Reference: retrained without the forget set");
    } else if (info != nullptr && info->reads_remain_set && !remain_section) {
      section("Machine unlearning with forget set and remain set");
      remain_section = true;
    }
    if (info != nullptr && !info->reads_remain_set && !forget_section) {
      section("Machine unlearning with forget set only");
      forget_section = true;
    }
    md << "| " << method_title(method) << " |";
    for (const int64_t n : table.ns) {
      for (const Setting& s : table.settings) {
        const Table1Cell* c = table.find(s.name, n, method);
        if (c == nullptr) {
          md << " n/a | n/a |";
        } else {
          md << ' ' << cell_text(c->forget_uar, false) << " | "
             << cell_text(c->held_out_uar, c->star) << " |";
        }
      }
    }
    md << '\n';
  }

  bool any_tau = false;
  for (const std::string& method : table.methods)
    any_tau = any_tau || method_uses_tau(method);
  if (any_tau) {
    md << "\nPGD radius tau of each cell, chosen by the best mean validation UAR of the "
          "Train setting for the same N and method (Train+Val reuses that choice, so the test "
          "split is never used for selection):\n\n| Method |";
    for (const int64_t n : table.ns) {
      for (const Setting& s : table.settings)
        md << " N = " << n << ' ' << s.title << " |";
    }
    md << "\n|---|";
    for (size_t i = 0; i < table.ns.size() * table.settings.size(); ++i)
      md << "---:|";
    md << '\n';
    for (const std::string& method : table.methods) {
      if (!method_uses_tau(method)) continue;
      md << "| " << method_title(method) << " |";
      for (const int64_t n : table.ns) {
        for (const Setting& s : table.settings) {
          const Table1Cell* c = table.find(s.name, n, method);
          md << ' ' << (c == nullptr ? std::string("n/a") : number(c->tau)) << " |";
        }
      }
      md << '\n';
    }
  }
  return md.str();
}

}  // namespace emoforget::reproduce
