#pragma once

#include <QSet>
#include <QSortFilterProxyModel>

namespace cnnwb::ui {

/// The trial table's filter: the text typed (any column) and, while axes of the parallel-coordinates
/// view are brushed, only the trials inside every brush. Sorts by Qt::UserRole.
class TrialFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit TrialFilterProxy(QObject* parent = nullptr);

    /// The trials (0-based indices) the brushes let through; `all` = no brush.
    void setBrushedTrials(const QSet<int>& trials, bool all);

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QSet<int> m_brushed;
    bool m_all = true;
};

} // namespace cnnwb::ui
