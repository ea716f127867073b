#pragma once

#include <QGroupBox>

class QComboBox;
class QDoubleSpinBox;
class QLabel;

namespace cnnwb::ui {

class ExperimentDocument;
class FileDialogs;

/// Where the network's weights start: at random, from torchvision's weights already downloaded to
/// this machine (listed by name; nothing is downloaded), from a state dict file or from an earlier
/// run's checkpoint. torchvision's weights also choose the architecture they fit, the ImageNet
/// normalization they expect and a 224-pixel input (a smaller one can be set on the Data tab); the
/// line below says what the next run starts from. Fine-tuning's learning rate for the pretrained
/// layers is set here too.
class WeightsChooser : public QGroupBox {
    Q_OBJECT
public:
    WeightsChooser(ExperimentDocument* document, const FileDialogs* dialogs, QWidget* parent = nullptr);

    [[nodiscard]] QComboBox* chooser() const { return m_chooser; }
    [[nodiscard]] QLabel* summary() const { return m_summary; }
    [[nodiscard]] QDoubleSpinBox* pretrainedRate() const { return m_rate; }
    /// Lists the torchvision weights on this machine again.
    void refresh();

private:
    void choose(int index);
    void startFrom(const QString& file);
    void showState();

    ExperimentDocument* m_document;
    const FileDialogs* m_dialogs;
    QComboBox* m_chooser;
    QDoubleSpinBox* m_rate;
    QLabel* m_summary;
};

} // namespace cnnwb::ui
