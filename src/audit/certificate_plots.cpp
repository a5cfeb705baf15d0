#include "audit/certificate_plots.h"

#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/atomic_write.h"
#include "common/error.h"
#include "metrics/membership_inference.h"
#include "plot/gnuplot.h"

namespace emoforget::audit {
namespace fs = std::filesystem;
namespace {

constexpr const char* kTerminal =
    "set terminal svg size 860,400 font 'sans,13' background rgb 'white'\n"
    "set output outfile\nset datafile separator ','\nset key below horizontal\n"
    "set border 3\nset tics nomirror\nset grid ytics lc rgb '#dddddd'\n";

// Model roles in plotting order, with their line colours.
struct Role {
  const char* name;
  const char* title;
  const char* colour;
};
constexpr Role kRoles[] = {{"original", "before (original)", "#7f7f7f"},
                           {"unlearned", "after (unlearned)", "#d62728"},
                           {"reference", "retrained without them", "#1f77b4"}};

class Scratch {
 public:
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "emoforget-plots-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw Error(pattern + ": cannot create a scratch folder for the plots");
    dir_ = pattern;
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  fs::path file(const std::string& name) const { return dir_ / name; }

  std::string draw(const std::string& name, const std::string& script, const std::string& data) {
    write_file_checked(file(name + ".csv"), data);
    write_file_checked(file(name + ".gp"), std::string(kTerminal) + script);
    plot::run_gnuplot(file(name + ".gp"), {{"infile", file(name + ".csv").string()},
                                           {"outfile", file(name + ".svg").string()}});
    std::ifstream in(file(name + ".svg"));
    std::string svg((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Inline in HTML: drop the XML prolog and doctype gnuplot writes first.
    const size_t start = svg.find("<svg");
    if (start == std::string::npos) throw Error("gnuplot wrote no SVG for " + name);
    return svg.substr(start);
  }

 private:
  fs::path dir_;
};

bool has(const nlohmann::json& models, const char* role) {
  return models.contains(role);
}

std::string recall_data(const nlohmann::json& report, const std::string& split) {
  const nlohmann::json& models = report.at("models");
  std::ostringstream csv;
  csv << "class";
  for (const Role& r : kRoles)
    if (has(models, r.name)) csv << ',' << r.title;
  csv << '\n';
  for (const auto& label : report.at("labels")) {
    csv << label.get<std::string>();
    for (const Role& r : kRoles) {
      if (!has(models, r.name)) continue;
      const nlohmann::json& v =
          models[r.name]["held_out"][split]["recall"][label.get<std::string>()];
      csv << ',' << (v.is_number() ? v.get<double>() : 0.0);
    }
    csv << '\n';
  }
  return csv.str();
}

std::string ecdf_block(const std::vector<double>& losses) {
  std::ostringstream out;
  for (size_t i = 0; i < losses.size(); ++i)
    out << std::max(losses[i], 1e-4) << ',' << static_cast<double>(i + 1) / losses.size() << '\n';
  return out.str() + "\n\n";
}

}  // namespace

CertificatePlots draw_certificate_plots(const nlohmann::json& report) {
  const nlohmann::json& models = report.at("models");
  const std::string split = report.at("held_out").at(0).get<std::string>();
  Scratch scratch;
  CertificatePlots plots;

  size_t columns = 0;
  for (const Role& r : kRoles)
    columns += has(models, r.name);
  std::ostringstream recall;
  recall
      << "set xtics rotate by -30\nset style data histograms\nset style histogram clustered gap 1\n"
         "set style fill solid 0.85 border -1\nset yrange [0:1.05]\n"
         "set ylabel 'recall on held-out speakers ("
      << split
      << ")'\n"
         "set title 'Per-class recall before and after'\n"
         "plot for [c=2:"
      << columns + 1 << "] infile using c:xtic(1) title columnheader(c)";
  std::string colours;
  size_t c = 0;
  for (const Role& r : kRoles)
    if (has(models, r.name))
      colours += "set linetype " + std::to_string(++c) + " lc rgb '" + r.colour + "'\n";
  plots.recall_svg =
      scratch.draw("recall", colours + recall.str() + "\n", recall_data(report, split));

  // Loss distributions: the forget set on the unlearned and retrained model, held-out speakers.
  std::string loss_data = ecdf_block(models["unlearned"]["losses"]["forget"]);
  loss_data += ecdf_block(models["unlearned"]["losses"]["held_out"]);
  const bool with_reference = has(models, "reference");
  if (with_reference) loss_data += ecdf_block(models["reference"]["losses"]["forget"]);
  std::ostringstream loss;
  loss << "set logscale x\nset yrange [0:1]\nset xlabel 'per-utterance loss (cross-entropy, log "
          "scale)'\nset ylabel 'share of utterances with a lower loss'\n"
          "set title 'Loss distributions after unlearning'\n"
          "plot infile index 0 using 1:2 with steps lw 2 lc rgb '#d62728' title 'forgotten, "
          "unlearned model', infile index 1 using 1:2 with steps lw 2 lc rgb '#2ca02c' title "
          "'held-out, unlearned model'";
  if (with_reference)
    loss << ", infile index 2 using 1:2 with steps lw 2 dt 2 lc rgb '#1f77b4' title 'forgotten, "
            "retrained model'";
  plots.loss_svg = scratch.draw("loss", loss.str() + "\n", loss_data);

  std::ostringstream roc_data, roc;
  roc << "set xrange [0:1]\nset yrange [0:1]\nset size ratio -1\n"
         "set xlabel 'false positive rate (held-out called member)'\n"
         "set ylabel 'true positive rate (forgotten called member)'\n"
         "set title 'Membership attack on the loss: ROC'\nplot x with lines dt 3 lc rgb '#999999' "
         "title 'chance'";
  int block = 0;
  for (const Role& r : kRoles) {
    if (!has(models, r.name)) continue;
    const auto curve = metrics::loss_threshold_roc(models[r.name]["losses"]["forget"],
                                                   models[r.name]["losses"]["held_out"]);
    for (const auto& [fpr, tpr] : curve)
      roc_data << fpr << ',' << tpr << '\n';
    roc_data << "\n\n";
    char title[96];
    std::snprintf(title, sizeof title, "%s (AUC %.2f)", r.title,
                  models[r.name]["loss_auc"].get<double>());
    roc << ", infile index " << block++ << " using 1:2 with lines lw 2 lc rgb '" << r.colour
        << "' title " << plot::gnuplot_quote(title);
  }
  plots.roc_svg = scratch.draw("roc", roc.str() + "\n", roc_data.str());
  return plots;
}

}  // namespace emoforget::audit
