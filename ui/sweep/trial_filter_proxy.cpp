#include "ui/sweep/trial_filter_proxy.h"

namespace cnnwb::ui {

TrialFilterProxy::TrialFilterProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(Qt::UserRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setFilterKeyColumn(-1);
}

void TrialFilterProxy::setBrushedTrials(const QSet<int>& trials, bool all)
{
    m_brushed = trials;
    m_all = all;
    invalidateFilter();
}

bool TrialFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (!m_all && !m_brushed.contains(sourceRow))
        return false;
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

} // namespace cnnwb::ui
