#pragma once

#include "cnnwb/engine/sweep/sweep_index.h"

#include <QAbstractTableModel>

namespace cnnwb::ui {

/// The sweep's trials as a table: the trial, a column per swept setting, then status, epoch, best and
/// last test accuracy, time and why it stopped. Sorting uses Qt::UserRole (numbers as numbers).
class SweepTrialModel : public QAbstractTableModel {
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

    /// Replaces the trials; the same keys keep the rows in place (a running sweep's update).
    void setIndex(const engine::SweepIndex& index);
    [[nodiscard]] const engine::SweepIndex& sweepIndex() const noexcept { return m_index; }

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    /// The first column after the settings: status.
    [[nodiscard]] int statusColumn() const { return 1 + static_cast<int>(m_index.keys.size()); }
    [[nodiscard]] int bestColumn() const { return statusColumn() + 2; }

private:
    engine::SweepIndex m_index;
};

} // namespace cnnwb::ui
