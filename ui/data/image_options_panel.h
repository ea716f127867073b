#pragma once

#include "cnnwb/engine/data/dataset_info.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;

namespace cnnwb::ui {

/// The Data tab's "Images" box: the input size (automatic or chosen), how a photo of another size
/// becomes it, the channels, the test share of a folder without a test split, and sentences that
/// say what was chosen and why, how the test split was made, whether the images are streamed, and
/// which files were left out.
class ImageOptionsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ImageOptionsPanel(QWidget* parent = nullptr);

    /// Shows these options (no optionsChanged).
    void setOptions(const engine::DataOptions& options);
    [[nodiscard]] const engine::DataOptions& options() const noexcept { return m_options; }
    /// The dataset as inspected or loaded with the options, or nothing: the sentences follow it.
    void setDataset(const std::optional<engine::DatasetInfo>& info);

    /// The sentences shown, for tests and screenshots.
    [[nodiscard]] QString sizeText() const;
    [[nodiscard]] QString splitText() const;
    [[nodiscard]] QString loaderText() const;
    [[nodiscard]] QSpinBox* widthBox() const { return m_width; }
    [[nodiscard]] QSpinBox* heightBox() const { return m_height; }
    [[nodiscard]] QCheckBox* automaticBox() const { return m_automatic; }
    [[nodiscard]] QComboBox* resizeChoice() const { return m_resize; }
    [[nodiscard]] QSpinBox* testShareBox() const { return m_testShare; }

Q_SIGNALS:
    void optionsChanged(const cnnwb::engine::DataOptions& options);

private:
    void readWidgets();
    void showOptions();
    [[nodiscard]] QString describeSize(const engine::DatasetInfo& info) const;
    [[nodiscard]] QString describeSplit(const engine::DatasetInfo& info) const;
    [[nodiscard]] QString describeLoader(const engine::DatasetInfo& info) const;

    engine::DataOptions m_options;
    std::optional<engine::DatasetInfo> m_info;
    QCheckBox* m_automatic;
    QSpinBox* m_width;
    QSpinBox* m_height;
    QComboBox* m_resize;
    QComboBox* m_color;
    QSpinBox* m_testShare;
    QLabel* m_sizeNote;
    QLabel* m_splitNote;
    QLabel* m_loaderNote;
};

} // namespace cnnwb::ui
