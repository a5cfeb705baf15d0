#include "reproduce/sequential_plot.h"

#include <cmath>
#include <sstream>

#include "common/atomic_write.h"
#include "plot/gnuplot.h"
#include "reproduce/records.h"

namespace emoforget::reproduce {
namespace fs = std::filesystem;
namespace {

double mean_of(const std::vector<double>& values) {
  return values.empty() ? NAN : mean_std(values).mean;
}

std::string number(double value) {
  if (std::isnan(value)) return "NaN";
  std::ostringstream s;
  s.precision(6);
  s << value;
  return s.str();
}

}  // namespace

void write_sequential_plot(const fs::path& out, const std::vector<SequentialRecord>& records,
                           const std::string& kind, const std::string& method, int count,
                           nlohmann::json& files) {
  // Columns: request, held-out UAR, reference held-out UAR, 0.9 x original's, the
  // reference's mean UAR over the forget sets, then forget set 1..count's UAR.
  std::ostringstream csv;
  csv << "request,held_out_uar,reference_held_out_uar,ninety_percent_of_original,"
         "reference_forget_uar";
  for (int k = 1; k <= count; ++k)
    csv << ",set_" << k;
  csv << '\n';
  for (int r = 1; r <= count; ++r) {
    std::vector<double> ta, ref_ta, original, ref_forget;
    std::vector<std::vector<double>> sets(static_cast<size_t>(count));
    for (const SequentialRecord& rec : records) {
      if (rec.request != kind || rec.method != method || rec.step != r) continue;
      ta.push_back(rec.ta);
      ref_ta.push_back(rec.reference_ta);
      original.push_back(0.9 * rec.original_ta);
      for (size_t k = 0; k < rec.forget_uar.size(); ++k) {
        sets[k].push_back(rec.forget_uar[k]);
        ref_forget.push_back(rec.reference_uar[k]);
      }
    }
    csv << r << ',' << number(mean_of(ta)) << ',' << number(mean_of(ref_ta)) << ','
        << number(mean_of(original)) << ',' << number(mean_of(ref_forget));
    for (const auto& values : sets)
      csv << ',' << number(mean_of(values));
    csv << '\n';
  }
  const std::string stem = "sequential-" + kind + "-" + method;
  write_file_atomic(out / (stem + ".csv"), csv.str());
  std::ostringstream gp;
  gp << "set terminal pngcairo size 900,520\nset output outfile\nset datafile separator ','\n"
        "set datafile missing 'NaN'\nset key outside right top\nset grid ytics\n"
        "set xlabel 'deletion request'\nset ylabel 'UAR'\nset yrange [0:1.05]\n"
        "set xrange [0.8:"
     << count + 0.2 << "]\nset xtics 1\nset title "
     << plot::gnuplot_quote(method + ": " + std::to_string(count) + " " + kind +
                            " requests in a row (mean over seeds)")
     << "\nplot infile using 1:2 with linespoints lw 3 pt 7 lc rgb '#1f5fa8' title 'held-out "
        "UAR', \\\n"
        "     infile using 1:3 with lines dt 2 lw 2 lc rgb '#1f5fa8' title 'retrained: held-out', "
        "\\\n"
        "     infile using 1:4 with lines dt 3 lw 2 lc rgb '#444444' title '90 % of original', \\\n"
        "     infile using 1:5 with lines dt 2 lw 2 lc rgb '#c0392b' title 'retrained: forget "
        "sets', "
        "\\\n"
        "     for [k=1:"
     << count
     << "] infile using 1:(column(5+k)) with linespoints lw 2 pt 6 lc k "
        "dt 1 title sprintf('forget set %d', k)\n";
  write_file_atomic(out / (stem + ".gp"), gp.str());
  const fs::path png = out / (stem + ".png");
  const fs::path tmp = out / (stem + ".png.tmp");
  plot::run_gnuplot(out / (stem + ".gp"),
                    {{"infile", (out / (stem + ".csv")).string()}, {"outfile", tmp.string()}});
  fs::rename(tmp, png);
  for (const std::string ext : {".csv", ".gp", ".png"})
    files.push_back((out / (stem + ext)).string());
}

}  // namespace emoforget::reproduce
