#pragma once

#include "ui/training/training_types.h"

#include <QLabel>

#include <set>
#include <tuple>

namespace cnnwb::ui {

/// The Training page's line for what the layer-health checks found while the run trains: the
/// newest diagnosis in plain words with what to try, how many there are, and a link to the Health
/// page. Hidden while nothing is wrong.
class DiagnosisBanner : public QLabel {
    Q_OBJECT
public:
    explicit DiagnosisBanner(QWidget* parent = nullptr);

    /// A new run: nothing found yet.
    void reset();
    /// Diagnoses that fired; each is shown once, however often it is reported.
    void add(const DiagnosisList& diagnoses);
    [[nodiscard]] int count() const noexcept { return static_cast<int>(m_seen.size()); }

Q_SIGNALS:
    /// The link to the Health page was clicked.
    void healthRequested();

private:
    std::set<std::tuple<int, int, int>> m_seen; ///< (epoch, kind, layer)
};

} // namespace cnnwb::ui
