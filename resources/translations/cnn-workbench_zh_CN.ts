<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>DisplayLink</name>
    <message>
        <location filename="../../ui/common/display_link.cpp" line="+14"/>
        <source>chosen by CNNWB_REMOTE_DISPLAY=%1</source>
        <translation>由 CNNWB_REMOTE_DISPLAY=%1 指定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 display</source>
        <translation>%1 显示</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>shared memory off (QT_XCB_NO_MITSHM), as in the container</source>
        <translation>共享内存已关闭（QT_XCB_NO_MITSHM），与容器中相同</translation>
    </message>
</context>
<context>
    <name>EngineText</name>
    <message>
        <location filename="../../ui/common/engine_text.cpp" line="+26"/>
        <source>Conv2d</source>
        <comment>layer kind</comment>
        <translation>卷积 Conv2d</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>BatchNorm2d</source>
        <comment>layer kind</comment>
        <translation>批归一化 BatchNorm2d</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ReLU</source>
        <comment>layer kind</comment>
        <translation>激活 ReLU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ReLU6</source>
        <comment>layer kind</comment>
        <translation>激活 ReLU6</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LeakyReLU</source>
        <comment>layer kind</comment>
        <translation>激活 LeakyReLU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GELU</source>
        <comment>layer kind</comment>
        <translation>激活 GELU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SiLU</source>
        <comment>layer kind</comment>
        <translation>激活 SiLU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sigmoid</source>
        <comment>layer kind</comment>
        <translation>激活 Sigmoid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tanh</source>
        <comment>layer kind</comment>
        <translation>激活 Tanh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MaxPool2d</source>
        <comment>layer kind</comment>
        <translation>最大池化 MaxPool2d</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AvgPool2d</source>
        <comment>layer kind</comment>
        <translation>平均池化 AvgPool2d</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AdaptiveAvgPool2d</source>
        <comment>layer kind</comment>
        <translation>自适应平均池化 AdaptiveAvgPool2d</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dropout</source>
        <comment>layer kind</comment>
        <translation>随机失活 Dropout</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dropout2d</source>
        <comment>layer kind</comment>
        <translation>通道随机失活 Dropout2d</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Flatten</source>
        <comment>layer kind</comment>
        <translation>展平 Flatten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Linear</source>
        <comment>layer kind</comment>
        <translation>全连接 Linear</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ResidualBlock</source>
        <comment>layer kind</comment>
        <translation>残差块 ResidualBlock</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bottleneck</source>
        <comment>layer kind</comment>
        <translation>瓶颈块 Bottleneck</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>InvertedResidual</source>
        <comment>layer kind</comment>
        <translation>倒残差块 InvertedResidual</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 ch, %2×%2, stride %3, padding %4</source>
        <translation>%1 通道，%2×%2，步幅 %3，填充 %4</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>same</source>
        <translation>same（保持尺寸）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, dilation %1</source>
        <translation>，膨胀率 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, groups %1</source>
        <translation>，分组 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, no bias</source>
        <translation>，无偏置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 ch, stride %2</source>
        <translation>%1 通道，步幅 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 ch, stride %2, expand ×%3</source>
        <translation>%1 通道，步幅 %2，扩展 ×%3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1×%1, stride %2</source>
        <translation>%1×%1，步幅 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, padding %1</source>
        <translation>，填充 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>to %1×%1</source>
        <translation>输出 %1×%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>p = %1</source>
        <translation>p = %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>slope %1</source>
        <translation>斜率 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+160"/>
        <source>layer %1 %2: %3</source>
        <translation>第 %1 层 %2：%3</translation>
    </message>
    <message>
        <location line="-159"/>
        <source>a vector of %1</source>
        <translation>长度为 %1 的向量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the input shape %1 must be positive</source>
        <translation>输入形状 %1 必须为正</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the network has no layers</source>
        <translation>网络没有任何层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the network ends in a %1 feature map; end it with Flatten and Linear so that it gives one score per class</source>
        <translation>网络以 %1 的特征图结尾；请以 Flatten 和 Linear 结尾，使每个类别得到一个分数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the network gives %1 scores but the dataset has %2 classes</source>
        <translation>网络输出 %1 个分数，但数据集有 %2 个类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>needs a C×H×W feature map, but gets %1 (move it before the Flatten)</source>
        <translation>需要 C×H×W 的特征图，但得到的是 %1（请把它移到 Flatten 之前）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>input is %1×%2, kernel %3 does not fit</source>
        <translation>输入为 %1×%2，放不下大小为 %3 的卷积核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>input is %1×%2, kernel %3 with dilation %4 does not fit</source>
        <translation>输入为 %1×%2，放不下大小为 %3、膨胀为 %4 的卷积核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>input is %1×%2, kernel %3 and padding %4 does not fit</source>
        <translation>输入为 %1×%2，在填充 %4 下放不下大小为 %3 的卷积核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>input is %1×%2, kernel %3 with dilation %4 and padding %5 does not fit</source>
        <translation>输入为 %1×%2，在填充 %5 下放不下大小为 %3、膨胀为 %4 的卷积核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>out channels must be at least 1</source>
        <translation>输出通道数至少为 1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>kernel size must be at least 1</source>
        <translation>卷积核大小至少为 1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stride must be at least 1</source>
        <translation>步幅至少为 1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dilation must be at least 1</source>
        <translation>膨胀至少为 1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>padding cannot be negative</source>
        <translation>填充不能为负</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>groups must be at least 1</source>
        <translation>分组数至少为 1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>padding &quot;same&quot; needs stride 1</source>
        <translation>填充“same”要求步幅为 1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>out channels %1 are not divisible by groups %2</source>
        <translation>输出通道数 %1 不能被分组数 %2 整除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>input channels %1 are not divisible by groups %2</source>
        <translation>输入通道数 %1 不能被分组数 %2 整除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stride must be at least 1 (or 0 for &quot;same as kernel&quot;)</source>
        <translation>步幅至少为 1（或 0 表示“与卷积核相同”）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>padding must be between 0 and half the kernel size</source>
        <translation>填充必须在 0 与卷积核大小的一半之间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>out features must be at least 1</source>
        <translation>输出特征数至少为 1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>in features cannot be negative (0 means automatic)</source>
        <translation>输入特征数不能为负（0 表示自动）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Linear needs a vector, but gets %1 (add a Flatten before it)</source>
        <translation>Linear 需要向量，但得到的是 %1（请在它之前加一个 Flatten）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>expects %1 inputs but gets %2 (set in features to automatic)</source>
        <translation>期望 %1 个输入，但得到 %2 个（请把输入特征数设为自动）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>p must be between 0 and 1</source>
        <translation>p 必须在 0 与 1 之间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dropout2d drops whole channels and needs a C×H×W feature map, but gets %1 (use Dropout after Flatten)</source>
        <translation>Dropout2d 丢弃整个通道，需要 C×H×W 的特征图，但得到的是 %1（Flatten 之后请用 Dropout）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>output size must be at least 1</source>
        <translation>输出大小至少为 1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>stopped after epoch %1 of %2, as asked; last.ckpt continues from there</source>
        <translation>按要求在第 %1 轮（共 %2 轮）后停止；last.ckpt 可从此继续</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sweep complete: %1 trials</source>
        <translation>扫描完成：%1 个试验</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (%2) starts, to epoch %3</source>
        <translation>%1（%2）开始，训练到第 %3 轮</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (%2) continues, to epoch %3</source>
        <translation>%1（%2）继续，训练到第 %3 轮</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 finished: best test accuracy %2 % in epoch %3</source>
        <translation>%1 完成：最佳测试准确率 %2 %，在第 %3 轮</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sweep stopped; the same command continues it</source>
        <translation>扫描已停止；同一命令可继续</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>successive halving at epoch %1: test accuracy %2 % ranked %3 of %4; the best %5 went on</source>
        <translation>第 %1 轮逐次减半：测试准确率 %2 % 排第 %3（共 %4 个）；最好的 %5 个继续</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 halved: %2</source>
        <translation>%1 被淘汰：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the checkpoint ran on %1 process(es): %2 process(es) keep its global batch of %3 with %4 per process</source>
        <translation>检查点来自 %1 个进程的运行：%2 个进程保持其全局批量 %3，每个进程 %4</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the checkpoint&apos;s global batch of %1 cannot be shared evenly by %2 processes: continuing with %3 per process, a global batch of %4</source>
        <translation>检查点的全局批量 %1 无法由 %2 个进程均分：继续时每个进程 %3，全局批量为 %4</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>gradient exchange: %1 bucket(s), %2 sent while the backward pass ran</source>
        <translation>梯度交换：%1 个桶，其中 %2 个在反向传播期间发送</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>training %1 data-parallel on %2 processes (%3): this is %4, global batch %5 = %6 x %2</source>
        <translation>在 %2 个进程上数据并行训练 %1（%3）：本进程为 %4，全局批量 %5 = %6 × %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>training %1 on %2 with %3 parameters, %4 batches of %5 per epoch</source>
        <translation>在 %2 上训练 %1，共 %3 个参数，每轮 %4 个批次，每批 %5</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>starting from weights: %1</source>
        <translation>从权重开始：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the weights this run started from are no longer readable (%1): every layer but the last keeps the pretrained learning rate</source>
        <translation>本次运行起始的权重已无法读取（%1）：除最后一层外的每一层都保持预训练学习率</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the dataset has a single class: every prediction is right by construction, so accuracy will read 100 %; a classifier needs a folder (or label) per class</source>
        <translation>数据集只有一个类别：每个预测都必然正确，准确率将显示为 100 %；分类器需要每个类别一个文件夹（或标签）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>resuming at %1</source>
        <translation>从%1处继续</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the checkpoint planned its %1 schedule over %2 epoch(s); continuing to %3 re-plans the learning rate from here as a %3-epoch run would have it, so the result differs from a run of %3 epochs from the start (docs/checkpoints-and-export.md)</source>
        <translation>检查点的 %1 学习率计划按 %2 轮制定；继续到 %3 轮会从这里起按 %3 轮的运行重新规划学习率，因此结果与从头训练 %3 轮不同（docs/checkpoints-and-export.md）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>stopped in epoch %1 after %2 of its %3 batches; last.ckpt continues from there</source>
        <translation>在第 %1 轮的 %3 个批次中完成 %2 个后停止；last.ckpt 可从那里继续</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>epoch %1: train loss %2, test accuracy %3 %, %4 img/s, %5 s</source>
        <translation>第 %1 轮：训练损失 %2，测试准确率 %3 %，%4 张/秒，%5 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>early stop after epoch %1: no better test accuracy for %2 epochs (best %3 % in epoch %4)</source>
        <translation>第 %1 轮后提前停止：已有 %2 轮测试准确率没有提高（最佳 %3 %，在第 %4 轮）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>checkpoint saved to %1 (%2)</source>
        <translation>检查点已保存到 %1（%2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>checkpoint not saved: %1</source>
        <translation>检查点未保存：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>replacing the run in %1</source>
        <translation>替换 %1 中的运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this build has no NCCL: the GPUs exchange gradients through Gloo and host memory</source>
        <translation>此版本没有 NCCL：GPU 通过 Gloo 和主机内存交换梯度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>joined the process group as %1 over %2</source>
        <translation>已作为 %1 通过 %2 加入进程组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>loaded %1 (%2) from %3: %4 train + %5 test images of %6, %7 classes, in %8 s</source>
        <translation>已从 %3 载入 %1（%2）：%4 张训练 + %5 张测试图像，尺寸 %6，%7 个类别，用时 %8 秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not using the decoded-image cache %1: %2; decoding the images</source>
        <translation>不使用已解码图像缓存 %1：%2；正在解码图像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>loaded %1 images of %2 from the decoded-image cache %3 in %4 s</source>
        <translation>已从已解码图像缓存 %3 载入 %2 的 %1 张图像，用时 %4 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>wrote the decoded-image cache %1 (%2 MB) in %3 s</source>
        <translation>已写入已解码图像缓存 %1（%2 MB），用时 %3 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>could not write the decoded-image cache (%1); the next load decodes the images again</source>
        <translation>无法写入已解码图像缓存（%1）；下次载入时会重新解码图像</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>decoded %1 images of %2 in %3 s</source>
        <translation>已解码 %2 的 %1 张图像，用时 %3 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 images were brought to %2 by %3</source>
        <translation>%1 张图像已按 %3 调整为 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>left out %1 image(s) that cannot be decoded: %2 (first: %3)</source>
        <translation>略去了 %1 张无法解码的图像：%2（第一个原因：%3）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>brought the %1 images from %2 to %3</source>
        <translation>已将 %1 张图像从 %2 调整为 %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>streaming the images from their files, batch by batch: decoded they would take %1, %2</source>
        <translation>按批次从文件流式读取图像：全部解码需要 %1，%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>as the experiment asks (data.loader &quot;stream&quot;)</source>
        <translation>这是实验的设置（data.loader &quot;stream&quot;）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>more than the memory budget of %1 (data.memory_budget_mb)</source>
        <translation>超过了 %1 的内存预算（data.memory_budget_mb）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>streamed: the steps waited %1 s for images, %2 % of the epoch&apos;s training time</source>
        <translation>流式读取：训练步骤等待图像 %1 秒，占本轮训练时间的 %2 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: the server does not resume transfers; downloading it from the start</source>
        <translation>%1：服务器不支持断点续传；从头开始下载</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>resuming %1 at byte %2</source>
        <translation>从第 %2 字节继续下载 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot empty %1: %2</source>
        <translation>无法清空 %1：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 does not match its checksum; downloading it again</source>
        <translation>%1 与其校验和不符；重新下载</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 is already downloaded in %2</source>
        <translation>%1 已下载在 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 downloaded into %2</source>
        <translation>%1 已下载到 %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>crop(%1)</source>
        <translation>裁剪(%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>crop(%1, reflect)</source>
        <translation>裁剪(%1，反射)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>hflip</source>
        <translation>水平翻转</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vflip</source>
        <translation>垂直翻转</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rotate(%1°)</source>
        <translation>旋转(%1°)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>affine</source>
        <translation>缩放平移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>jitter</source>
        <translation>颜色抖动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>gray</source>
        <translation>灰度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>blur</source>
        <translation>模糊</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cutout</source>
        <translation>随机擦除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>diagnosis: %1; try: %2</source>
        <translation>诊断：%1；可以尝试：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TensorBoard files go to %1 (tensorboard --logdir %2)</source>
        <translation>TensorBoard 文件写入 %1（tensorboard --logdir %2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lower the learning rate (now %1) about tenfold, or add warm-up epochs</source>
        <translation>把学习率（现为 %1）降低约十倍，或加入预热轮次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the loss is no longer a number (it overflowed at step %1)</source>
        <translation>损失已不再是数值（在第 %1 步溢出）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>each step changes the weights by %1 % of their size (healthy: about 0.1 %) and the loss is %2</source>
        <translation>每一步使权重改变其大小的 %1 %（健康值约 0.1 %），而损失为 %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>each step changes the weights by only %1 % of their size (healthy: about 0.1 %)</source>
        <translation>每一步只使权重改变其大小的 %1 %（健康值约 0.1 %）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>raise the learning rate (now %1) about tenfold</source>
        <translation>把学习率（现为 %1）提高约十倍</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>set Clip gradient norm (e.g. 1), lower the learning rate, or add BatchNorm after the convolutions</source>
        <translation>设置“梯度范数裁剪”（例如 1）、降低学习率，或在卷积之后加入 BatchNorm</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the gradient norm is %1, %2 times what it was at the start</source>
        <translation>梯度范数为 %1，是开始时的 %2 倍</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>layer %1 gets %2 of the gradient the last layer gets, relative to its weights</source>
        <translation>相对于各自的权重，第 %1 层得到的梯度只有最后一层的 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>add BatchNorm after the convolutions, use ReLU instead of Sigmoid or Tanh, or use residual blocks</source>
        <translation>在卷积之后加入 BatchNorm，用 ReLU 代替 Sigmoid 或 Tanh，或使用残差块</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>layer %1: %2 % of its units give zero for every image (dead ReLUs)</source>
        <translation>第 %1 层：%2 % 的单元对每张图像都输出零（ReLU 死亡）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lower the learning rate, use LeakyReLU instead, or put BatchNorm before it</source>
        <translation>降低学习率，改用 LeakyReLU，或在它之前加入 BatchNorm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>layer %1 gives the same output for every image: nothing after it can tell the images apart</source>
        <translation>第 %1 层对每张图像都给出相同的输出：其后的层无法再区分图像</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>look at the layers before it (dead units, a pool that shrank the map to one pixel) and lower the learning rate</source>
        <translation>检查它之前的层（死亡单元、把特征图缩成一个像素的池化），并降低学习率</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>after a whole epoch the training loss (%1) is still at chance level (%2)</source>
        <translation>训练一整轮后，训练损失（%1）仍处于随机猜测水平（%2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>another learning rate (ten times higher or lower), or Adam instead of SGD</source>
        <translation>换一个学习率（高或低十倍），或用 Adam 代替 SGD</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the training loss has not fallen in %1 epochs (best %2, now %3)</source>
        <translation>训练损失已有 %1 轮没有下降（最佳 %2，现在 %3）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lower the learning rate (or use a schedule), or make the network wider</source>
        <translation>降低学习率（或使用学习率调度），或把网络加宽</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>overfitting: the test loss rose for %1 epochs while the training loss fell; train accuracy %2 %, test %3 %</source>
        <translation>过拟合：测试损失连续 %1 轮上升而训练损失下降；训练准确率 %2 %，测试 %3 %</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>add augmentation, Dropout or weight decay, or turn on early stopping</source>
        <translation>加入数据增强、Dropout 或权重衰减，或开启早停</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>A setting is not acceptable</source>
        <translation>设置无效</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The data is not usable</source>
        <translation>数据不可用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A file could not be read or written</source>
        <translation>无法读取或写入文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The device cannot be used</source>
        <translation>设备不可用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Training diverged (the loss is not a number)</source>
        <translation>训练发散（损失变为 NaN）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>LibTorch or OpenCV failed</source>
        <translation>LibTorch 或 OpenCV 出错</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The ranks of a distributed run lost contact</source>
        <translation>分布式训练的各进程失去联系</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>file %1</source>
        <translation>文件 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>record %1</source>
        <translation>记录 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>layer %1</source>
        <translation>层 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>shapes %1</source>
        <translation>形状 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: %2</source>
        <extracomment>%1 = the translated kind of problem, %2 = where (file, layer…), %3 = the engine&apos;s detail (English)</extracomment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (%2): %3</source>
        <translation>%1（%2）：%3</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (%2, %3 + %4 images, %5)</source>
        <translation>%1（%2，%3 + %4 张图像，%5）</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Learning rate too high</source>
        <comment>diagnosis</comment>
        <translation>学习率过高</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Learning rate too low</source>
        <comment>diagnosis</comment>
        <translation>学习率过低</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exploding gradients</source>
        <comment>diagnosis</comment>
        <translation>梯度爆炸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vanishing gradients</source>
        <comment>diagnosis</comment>
        <translation>梯度消失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dead ReLUs</source>
        <comment>diagnosis</comment>
        <translation>ReLU 死亡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Constant output</source>
        <comment>diagnosis</comment>
        <translation>输出恒定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loss not improving</source>
        <comment>diagnosis</comment>
        <translation>损失不再改善</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overfitting</source>
        <comment>diagnosis</comment>
        <translation>过拟合</translation>
    </message>
    <message>
        <location line="-194"/>
        <source>epoch %1 of %2 done</source>
        <translation>已完成 %2 轮中的第 %1 轮</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>epoch %1 of %2, %3 batches done</source>
        <translation>%2 轮中的第 %1 轮，已完成 %3 批</translation>
    </message>
    <message>
        <location line="+145"/>
        <source>none</source>
        <comment>augmentation</comment>
        <extracomment>the augmentation ops of a run, e.g. &quot;crop(4)+hflip&quot;</extracomment>
        <translation>无</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>+</source>
        <comment>between augmentation ops</comment>
        <translation>+</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>running</source>
        <comment>run status</comment>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>finished</source>
        <comment>run status</comment>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped</source>
        <comment>run status</comment>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>early-stopped</source>
        <comment>run status</comment>
        <translation>已提前停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <comment>run status</comment>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../ui/app/experiment_document.cpp" line="+68"/>
        <source>dataset %1 (%2 train / %3 test images) at %4</source>
        <translation>数据集 %1（%2 张训练 / %3 张测试图像），位于 %4</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>cannot use the dataset folder %1: %2</source>
        <translation>无法使用数据集文件夹 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/app/file_actions.cpp" line="+71"/>
        <source>opened experiment %1</source>
        <translation>已打开实验 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>cannot save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>saved experiment %1</source>
        <translation>已保存实验 %1</translation>
    </message>
    <message>
        <location filename="../../ui/app/main_window.cpp" line="+361"/>
        <source>window closed during training: stopping the run</source>
        <translation>训练中关闭了窗口：正在停止运行</translation>
    </message>
    <message>
        <location filename="../../ui/data/data_page.cpp" line="+636"/>
        <source>download failed: %1</source>
        <translation>下载失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/training/checkpoint_actions.cpp" line="+168"/>
        <source>loaded checkpoint %1 (%2)</source>
        <translation>已载入检查点 %1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/training/training_page.cpp" line="+109"/>
        <source>network display: charts redraw every %1 s, the status bar every 2 s, no animations</source>
        <translation>网络显示：图表每 %1 秒重绘一次，状态栏每 2 秒一次，无动画</translation>
    </message>
    <message>
        <location line="+456"/>
        <source>wrote the cluster launch files: %1</source>
        <translation>已写入集群启动文件：%1</translation>
    </message>
    <message>
        <location filename="../../ui/training/training_worker.cpp" line="+100"/>
        <location line="+3"/>
        <source>training failed: %1</source>
        <translation>训练失败：%1</translation>
    </message>
    <message>
        <location filename="../../app/gui/main.cpp" line="+224"/>
        <source>CNN Workbench %1 starting; log file %2</source>
        <translation>CNN Workbench %1 正在启动；日志文件 %2</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <location filename="../../ui/common/qt_log_sink.cpp" line="+26"/>
        <source>debug</source>
        <translation>调试</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>info</source>
        <translation>信息</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 %2: %3</source>
        <extracomment>a line of the log panel: %1 = time, %2 = level (info, warning, …), %3 = the message</extracomment>
        <translation>%1 %2：%3</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../../ui/model/layer_stack_editor.cpp" line="+30"/>
        <source>%1 G</source>
        <translation>%1 G</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 M</source>
        <translation>%1 M</translation>
    </message>
    <message>
        <location filename="../../ui/training/training_charts.cpp" line="+65"/>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
</context>
<context>
    <name>SweepText</name>
    <message>
        <location filename="../../ui/sweep/sweep_text.cpp" line="+15"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Label smoothing</source>
        <translation>标签平滑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warm-up epochs</source>
        <translation>预热轮数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gradient clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step factor</source>
        <translation>阶梯系数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step every (epochs)</source>
        <translation>阶梯间隔（轮）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Early-stopping patience</source>
        <translation>早停耐心轮数</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Layer %1: %2</source>
        <translation>第 %1 层：%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Augmentation %1: %2</source>
        <translation>增强 %1：%2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting at a rung</source>
        <translation>在检查点等待</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Early-stopped</source>
        <translation>已早停</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Halved</source>
        <translation>已淘汰</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Successive halving at epoch %1: ranked %2 of %3 by test accuracy; the best %4 went on</source>
        <translation>第 %1 轮逐次减半：按测试准确率排第 %2（共 %3 个）；最好的 %4 个继续</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Its own early stopping: the test accuracy stopped improving</source>
        <translation>自身早停：测试准确率不再提高</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The sweep was stopped; Run continues it</source>
        <translation>扫描已停止；点“运行”继续</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::AugmentationPanel</name>
    <message>
        <location filename="../../ui/data/augmentation_panel.cpp" line="+24"/>
        <source>Random crop</source>
        <translation>随机裁剪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pad every side, then cut out a window of the original size at a random place.</source>
        <translation>先在四周填充，再在随机位置裁剪出与原图大小相同的区域。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Padding:</source>
        <translation>填充：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pad by reflection (else black)</source>
        <translation>反射填充（否则填充黑色）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Horizontal flip</source>
        <translation>水平翻转</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Mirror left and right.</source>
        <translation>左右镜像。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vertical flip</source>
        <translation>垂直翻转</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Mirror top and bottom (rarely right for photos).</source>
        <translation>上下镜像（通常不适用于照片）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rotation</source>
        <translation>旋转</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turn by a random angle about the centre.</source>
        <translation>绕中心旋转一个随机角度。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Up to ±:</source>
        <translation>最大 ±：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source> °</source>
        <translation> °</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scale and shift</source>
        <translation>缩放与平移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom in or out and move by whole pixels.</source>
        <translation>放大或缩小，并按整像素平移。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scale from:</source>
        <translation>缩放下限：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scale to:</source>
        <translation>缩放上限：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift up to:</source>
        <translation>最大平移：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> of the size</source>
        <translation> 倍尺寸</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Color jitter</source>
        <translation>颜色抖动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Random brightness, contrast, saturation and hue.</source>
        <translation>随机调整亮度、对比度、饱和度和色调。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brightness ±:</source>
        <translation>亮度 ±：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Contrast ±:</source>
        <translation>对比度 ±：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saturation ±:</source>
        <translation>饱和度 ±：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hue ±:</source>
        <translation>色调 ±：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Grayscale</source>
        <translation>灰度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Drop the colors (color images only).</source>
        <translation>去除颜色（仅限彩色图像）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Gaussian blur</source>
        <translation>高斯模糊</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Soften with a random sigma.</source>
        <translation>以随机 sigma 进行模糊。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kernel:</source>
        <translation>核大小：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sigma from:</source>
        <translation>Sigma 下限：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sigma to:</source>
        <translation>Sigma 上限：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cutout (random erasing)</source>
        <translation>随机擦除（Cutout）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Blank out a random rectangle.</source>
        <translation>随机遮挡一个矩形区域。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Area from:</source>
        <translation>面积下限：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Area to:</source>
        <translation>面积上限：</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Probability:</source>
        <translation>概率：</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Normalize (all images)</source>
        <translation>归一化（所有图像）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Scale pixels to 0..1, then subtract the mean and divide by the standard deviation per channel. Off: pixels / 255 only.</source>
        <translation>先将像素缩放到 0..1，再按通道减去均值、除以标准差。关闭时：仅将像素除以 255。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>0.5 / 0.5 (the seed article&apos;s)</source>
        <translation>0.5 / 0.5（原教程所用）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CIFAR-10</source>
        <translation>CIFAR-10</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CIFAR-100</source>
        <translation>CIFAR-100</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MNIST</source>
        <translation>MNIST</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fashion-MNIST</source>
        <translation>Fashion-MNIST</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ImageNet</source>
        <translation>ImageNet</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>From Data</source>
        <translation>从数据计算</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Measure the mean and standard deviation of the training images</source>
        <translation>计算训练图像的均值和标准差</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>G</source>
        <translation>G</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mean:</source>
        <translation>均值：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Std:</source>
        <translation>标准差：</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::CheckpointActions</name>
    <message>
        <location filename="../../ui/training/checkpoint_actions.cpp" line="-133"/>
        <source>&amp;Load Checkpoint…</source>
        <translation>加载检查点(&amp;L)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open a saved training state; Start continues it exactly where it stopped</source>
        <translation>打开已保存的训练状态；“开始训练”会从停止处精确地继续</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save &amp;Checkpoint…</source>
        <translation>保存检查点(&amp;C)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+85"/>
        <source>Save Checkpoint</source>
        <translation>保存检查点</translation>
    </message>
    <message>
        <location line="-85"/>
        <location line="+52"/>
        <source>CNN Workbench checkpoints (*.ckpt)</source>
        <translation>CNN Workbench 检查点 (*.ckpt)</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>Save the model, optimizer and position of the run, to continue it later or elsewhere</source>
        <translation>保存模型、优化器状态和训练进度，以便稍后或在其他机器上继续训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xport ONNX…</source>
        <translation>导出 ONNX(&amp;X)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export ONNX</source>
        <translation>导出 ONNX</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>ONNX models (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Write the trained model for ONNX Runtime, OpenCV and other inference engines</source>
        <translation>导出训练好的模型，供 ONNX Runtime、OpenCV 等推理引擎使用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export &amp;Weights for PyTorch…</source>
        <translation>导出 PyTorch 权重(&amp;W)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export Weights</source>
        <translation>导出权重</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PyTorch state dicts (*.pth)</source>
        <translation>PyTorch 状态字典 (*.pth)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A state dict for the nn.Sequential that View → Show as PyTorch Code prints (torch.load)</source>
        <translation>与“视图 → 显示为 PyTorch 代码”输出的 nn.Sequential 对应的 state dict（状态字典），可用 torch.load 加载</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>ONNX Export O&amp;ptions</source>
        <translation>ONNX 导出选项(&amp;P)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Opset %1</source>
        <translation>Opset %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Dynamic Batch Dimension</source>
        <translation>动态批维度</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+53"/>
        <source>Load Checkpoint</source>
        <translation>加载检查点</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Saving a checkpoint after the current batch…</source>
        <translation>将在当前批次结束后保存检查点…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>There is no checkpoint to save yet: train the model or load a checkpoint.</source>
        <translation>尚无可保存的检查点：请先训练模型或加载检查点。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Checkpoint not saved: %1</source>
        <translation>检查点未保存：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Checkpoint saved to %1</source>
        <translation>检查点已保存到 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Stop the training before loading a checkpoint.</source>
        <translation>请先停止训练，再加载检查点。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cannot load the checkpoint: %1</source>
        <translation>无法加载检查点：%1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The checkpoint&apos;s dataset folder %1 is not there: open the same dataset (File → Open Dataset Folder) to continue training.</source>
        <translation>检查点所用的数据集文件夹 %1 不存在：请打开同一数据集（文件 → 打开数据集文件夹）以继续训练。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>There is nothing to export yet: train the model or load a checkpoint.</source>
        <translation>尚无可导出的内容：请先训练模型或加载检查点。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>ONNX export failed: %1</source>
        <translation>ONNX 导出失败：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ONNX model (opset %1, %2 batch) written to %3</source>
        <translation>ONNX 模型（opset %1，%2批维度）已写入 %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>dynamic</source>
        <translation>动态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>fixed</source>
        <translation>固定</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Weights not exported: %1</source>
        <translation>权重未导出：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weights written to %1 (load with torch.load and load_state_dict)</source>
        <translation>权重已写入 %1（可用 torch.load 和 load_state_dict 加载）</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::ClusterLaunchDialog</name>
    <message>
        <location filename="../../ui/training/cluster_launch_dialog.cpp" line="+61"/>
        <source>Synchronize BatchNorm statistics across all GPUs</source>
        <translation>在所有 GPU 间同步 BatchNorm 统计量</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Write Files</source>
        <translation>写入文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy torchrun Command</source>
        <translation>复制 torchrun 命令</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run on a Cluster</source>
        <translation>在集群上运行</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>hours:minutes:seconds</source>
        <translation>时:分:秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>the cluster&apos;s default</source>
        <translation>集群默认值</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The dataset folder as the cluster&apos;s nodes see it; empty keeps the experiment&apos;s.</source>
        <translation>集群节点上看到的数据集文件夹；留空则沿用实验中的路径。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none: cnnwb from the PATH</source>
        <translation>无：使用 PATH 中的 cnnwb</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An Apptainer image with cnnwb and torchrun, e.g. built from docker/Dockerfile.</source>
        <translation>包含 cnnwb 和 torchrun 的 Apptainer 镜像，例如由 docker/Dockerfile 构建。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>BatchNorm then sees the whole global batch, as on one GPU, at the cost of two small exchanges per BatchNorm layer and step.</source>
        <translation>这样 BatchNorm 会像在单个 GPU 上一样看到整个全局批次，代价是每个 BatchNorm 层每步多两次小规模通信。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nodes:</source>
        <translation>节点数：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GPUs per node:</source>
        <translation>每节点 GPU 数：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU cores per GPU:</source>
        <translation>每个 GPU 的 CPU 核数：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time limit:</source>
        <translation>时间限制：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partition:</source>
        <translation>分区：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account:</source>
        <translation>账户：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Job name:</source>
        <translation>作业名称：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data folder on the cluster:</source>
        <translation>集群上的数据文件夹：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Container image:</source>
        <translation>容器镜像：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write into folder:</source>
        <translation>写入文件夹：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slurm batch script</source>
        <translation>Slurm 批处理脚本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>torchrun script</source>
        <translation>torchrun 脚本</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The torchrun command is on the clipboard; run it in the written folder.</source>
        <translation>torchrun 命令已复制到剪贴板；请在写入的文件夹中运行它。</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Processes in all: %1 (one per GPU). Each trains on %2 images per step, so every step sees a global batch of %3 images; the learning rate is used as set.</source>
        <translation>进程总数：%1（每个 GPU 一个）。每个进程每步训练 %2 张图像，因此每步的全局批大小为 %3 张图像；学习率按设置使用。</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+20"/>
        <source>Choose a folder to write the files into.</source>
        <translation>请选择写入文件的文件夹。</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Write into Folder</source>
        <translation>写入文件夹</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Wrote experiment.json, torchrun.sh and slurm.sbatch into %1. Copy the folder to the cluster, then run “sbatch slurm.sbatch” in it (or “bash torchrun.sh” on one machine).</source>
        <translation>已将 experiment.json、torchrun.sh 和 slurm.sbatch 写入 %1。将该文件夹复制到集群，然后在其中运行“sbatch slurm.sbatch”（或在单台机器上运行“bash torchrun.sh”）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot write the files: %1</source>
        <translation>无法写入文件：%1</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::ConfusionMatrixView</name>
    <message numerus="yes">
        <location filename="../../ui/results/confusion_matrix_view.cpp" line="+171"/>
        <source>True class %1, predicted %2: %n image(s), %3 % of the true class</source>
        <translation>
            <numerusform>真实类别 %1，预测为 %2：%n 张图像，占真实类别的 %3 %</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No epoch finished yet.</source>
        <translation>还没有完成的轮次。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>predicted class →</source>
        <translation>预测类别 →</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::DataPage</name>
    <message>
        <location filename="../../ui/data/data_page.cpp" line="-524"/>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open Folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Download %1</source>
        <translation>下载 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fetch it from its canonical address into %1, check it and unpack it</source>
        <translation>从官方地址下载到 %1，校验后解压</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The dataset&apos;s test split</source>
        <translation>数据集自带的测试集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Part of train, held out</source>
        <translation>从训练集中留出一部分</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Held out per class by a fixed seed: every run of this experiment validates on the same images</source>
        <translation>按固定随机种子在每个类别中留出：本实验的每次运行都在相同的图像上验证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evaluate on:</source>
        <translation>评估使用：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Held-out share:</source>
        <translation>留出比例：</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re-roll</source>
        <translation>重新随机</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New randomness for the same images: the next epoch&apos;s augmentation</source>
        <translation>对相同图像重新生成随机变换：即下一轮的数据增强效果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other Images</source>
        <translation>换一批图像</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Same image ×N</source>
        <translation>同一图像 ×N</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every tile shows one image, each with the augmentation of another epoch</source>
        <translation>每个格子显示同一张图像，分别应用不同轮次的数据增强</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Original beside</source>
        <translation>并排显示原图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Grid:</source>
        <translation>网格：</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>No dataset open.</source>
        <translation>未打开数据集。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a folder (CIFAR-10/100 binary, MNIST-style IDX files, or a folder of photos with one sub-folder per class) or download one.</source>
        <translation>打开一个文件夹（CIFAR-10/100 二进制、MNIST 式 IDX 文件，或每个类别一个子文件夹的照片文件夹），或下载一个数据集。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>This folder cannot be used.</source>
        <translation>无法使用此文件夹。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 (%2): %3 training and %4 test images of %5</source>
        <translation>%1（%2）：%3 张训练图像和 %4 张测试图像，尺寸 %5</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Cannot preview: %1</source>
        <translation>无法预览：%1</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>%1 · epoch %2 of seed %3 · rendered in %4 ms</source>
        <translation>%1 · 随机种子 %3 的第 %2 轮 · 渲染耗时 %4 ms</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Downloading %1…</source>
        <translation>正在下载 %1…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1: %2 of %3 MB (%4 MB/s)</source>
        <translation>%1：%2 / %3 MB（%4 MB/s）</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Download failed: %1</source>
        <translation>下载失败：%1</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::DiagnosisBanner</name>
    <message numerus="yes">
        <location filename="../../ui/health/diagnosis_banner.cpp" line="+36"/>
        <source> (%n found in this run)</source>
        <translation>
            <numerusform>（本次运行共发现 %n 条）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2. &lt;i&gt;Try:&lt;/i&gt; %3.%4 &lt;a href=&quot;health&quot;&gt;Show on the Health page&lt;/a&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;：%2。&lt;i&gt;可以尝试：&lt;/i&gt;%3。%4 &lt;a href=&quot;health&quot;&gt;在“健康”页查看&lt;/a&gt;</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::ExperimentDocument</name>
    <message>
        <location filename="../../ui/app/experiment_document.cpp" line="-2"/>
        <source>This folder cannot be used: %1</source>
        <translation>无法使用此文件夹：%1</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::ExperimentOverview</name>
    <message>
        <location filename="../../ui/model/experiment_overview.cpp" line="+52"/>
        <location line="+38"/>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images:</source>
        <translation>图像：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 channel(s), %2 × %3 pixels</source>
        <translation>%1 个通道，%2 × %3 像素</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Training images:</source>
        <translation>训练图像：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test images:</source>
        <translation>测试图像：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Classes (%1):</source>
        <translation>类别（%1）：</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::FileActions</name>
    <message>
        <location filename="../../ui/app/file_actions.cpp" line="-48"/>
        <source>&amp;New Experiment</source>
        <translation>新建实验(&amp;N)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Open Experiment…</source>
        <translation>打开实验(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;Dataset Folder…</source>
        <translation>打开数据集文件夹(&amp;D)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use a CIFAR-10, MNIST/Fashion-MNIST or ImageFolder dataset</source>
        <translation>使用 CIFAR-10、MNIST/Fashion-MNIST 或 ImageFolder 格式的数据集</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+40"/>
        <source>Open Experiment</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Cannot open %1:
%2</source>
        <translation>无法打开 %1：
%2</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+15"/>
        <source>Save Experiment</source>
        <translation>保存实验</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Cannot save %1:
%2</source>
        <translation>无法保存 %1：
%2</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+13"/>
        <source>CNN Workbench experiments (*.json)</source>
        <translation>CNN Workbench 实验 (*.json)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Unsaved Changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the changes to this experiment?</source>
        <translation>是否保存对此实验的更改？</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Open Dataset Folder</source>
        <translation>打开数据集文件夹</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::GuidedTour</name>
    <message>
        <location filename="../../ui/app/guided_tour.cpp" line="+21"/>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+65"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location line="-64"/>
        <source>Skip Tour</source>
        <translation>跳过导览</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::HealthPage</name>
    <message>
        <location filename="../../ui/health/health_page.cpp" line="+41"/>
        <source>Update ratio</source>
        <translation>更新比例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How much one step changes the weights, ‖Δw‖ / ‖w‖: about 0.001 is healthy, above 0.05 the learning rate is too high, below 0.00001 too low</source>
        <translation>一步使权重改变多少，‖Δw‖ / ‖w‖：约 0.001 为健康，高于 0.05 表示学习率过高，低于 0.00001 表示过低</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>‖g‖ of the layer&apos;s weights at the sampled step</source>
        <translation>采样步上该层权重的 ‖g‖</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight norm</source>
        <translation>权重范数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>‖w‖ of the layer&apos;s weights (biases left out)</source>
        <translation>该层权重的 ‖w‖（不含偏置）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Output spread</source>
        <translation>输出离散度</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Dead / saturated</source>
        <translation>死亡 / 饱和</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>How much the layer&apos;s output differs between images (each unit&apos;s standard deviation across the images, averaged): near 0, the layer says the same for every image</source>
        <translation>该层输出在不同图像之间的差异（每个单元在各图像间的标准差的平均值）：接近 0 时，该层对每张图像给出相同的结果</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ReLU-type layers: share of units that give zero for every one of the sampled images; Sigmoid and Tanh: share of outputs stuck at a bound</source>
        <translation>ReLU 类层：对所有采样图像都输出零的单元比例；Sigmoid 和 Tanh：停在边界上的输出比例</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Diagnosis</source>
        <translation>诊断</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What to try</source>
        <translation>可以尝试</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Double-click a diagnosis to go to the setting it suggests changing</source>
        <translation>双击一条诊断，转到它建议修改的设置</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Diagnoses</source>
        <translation>诊断</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Layers over the steps</source>
        <translation>各层随训练步的变化</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Activations</source>
        <translation>激活</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One strip per epoch: darker where more values fall. Click a strip to choose its epoch.</source>
        <translation>每轮一条：数值越集中颜色越深。点击一条选择该轮。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Histograms over the epochs</source>
        <translation>各轮的直方图</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The epoch shown here, on the Results page and marked on the charts</source>
        <translation>此处、“结果”页和图表上标出的轮次</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>First convolution&apos;s filters</source>
        <translation>第一个卷积层的滤波器</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Its feature maps of one training image</source>
        <translation>它对一张训练图像的特征图</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Watch the filters learn</source>
        <translation>观察滤波器的学习</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>The run&apos;s health record cannot be read: %1</source>
        <translation>无法读取该运行的健康记录：%1</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>The layers&apos; health appears here while a run trains: every few steps each layer&apos;s update ratio, gradient, weights and dead units, and at each epoch&apos;s end histograms and the first filters. Open a run&apos;s checkpoint to see a finished run.</source>
        <translation>训练进行时，这里显示各层的健康状况：每隔几步显示每层的更新比例、梯度、权重和死亡单元，每轮结束时显示直方图和第一层滤波器。打开某次运行的检查点可查看已完成的运行。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 has no health record (it trained with layer health off, or before CNN Workbench kept one).</source>
        <translation>%1 没有健康记录（训练时关闭了层健康监测，或训练于 CNN Workbench 开始保存该记录之前）。</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n sample(s), %1 epoch(s)</source>
        <translation>
            <numerusform>%n 个样本，%1 轮</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>nothing looks wrong so far.</source>
        <translation>目前没有发现问题。</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n diagnosis(es): see what to try below.</source>
        <translation>
            <numerusform>%n 条诊断：可以尝试的做法见下方。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This run: %1; %2</source>
        <translation>本次运行：%1；%2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1: %2; %3</source>
        <translation>%1：%2；%3</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Layer %1 (%2)</source>
        <translation>第 %1 层（%2）</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;&lt;br&gt;Try: %3&lt;br&gt;&lt;i&gt;Double-click to go to the setting.&lt;/i&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;&lt;br&gt;可以尝试：%3&lt;br&gt;&lt;i&gt;双击转到该设置。&lt;/i&gt;</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Epoch: none yet</source>
        <translation>轮次：尚无</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Epoch %1 of %2</source>
        <translation>第 %1 轮，共 %2 轮</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>(at the end of the first epoch)</source>
        <translation>（第一轮结束时显示）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(the network has no convolution)</source>
        <translation>（该网络没有卷积层）</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::HistogramHeatMap</name>
    <message>
        <location filename="../../ui/health/histogram_heat_map.cpp" line="+109"/>
        <source>No histograms yet: one strip appears per epoch.</source>
        <translation>尚无直方图：每轮结束时出现一条。</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::ImageOptionsPanel</name>
    <message>
        <location filename="../../ui/data/image_options_panel.cpp" line="+40"/>
        <location line="+25"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>The images&apos; own size when they all share one, else 64 × 64. A larger size shows more detail but trains slower.</source>
        <translation>所有图像尺寸相同时使用其原尺寸，否则为 64 × 64。尺寸越大细节越多，但训练越慢。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Scale and crop the centre</source>
        <translation>缩放并裁剪中心</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scale and pad (nothing cut)</source>
        <translation>缩放并填充（不裁剪）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stretch</source>
        <translation>拉伸</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Grayscale</source>
        <translation>灰度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RGB colour</source>
        <translation>RGB 彩色</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Of every class, for a folder without a test/ folder; the same images on every run</source>
        <translation>每个类别中留作测试的比例，用于没有 test/ 文件夹的数据集；每次运行都是相同的图像</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Input size:</source>
        <translation>输入尺寸：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resize:</source>
        <translation>调整方式：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Channels:</source>
        <translation>通道：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test share:</source>
        <translation>测试比例：</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>The images are %1: the network receives them as they are.</source>
        <translation>图像为 %1：网络按原样接收。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Images are brought to %1 (%2).</source>
        <translation>图像被调整为 %1（%2）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The images are %1 already.</source>
        <translation>图像已是 %1。</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>The photos differ in size (%1 to %2 among %n looked at): they are brought to %3 (%4).</source>
        <translation>
            <numerusform>照片尺寸不一（查看的 %n 张中从 %1 到 %2）：调整为 %3（%4）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 of %2</source>
        <translation>%2 %1 张</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No test/ folder: holding out %1 % of each class as test images (%2), the same ones on every run.</source>
        <translation>没有 test/ 文件夹：每个类别留出 %1 % 作为测试图像（%2），每次运行都相同。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Streamed from the files batch by batch: decoded, the images would take %1, more than the memory budget of %2.</source>
        <translation>按批次从文件流式读取：全部解码需要 %1，超过了 %2 的内存预算。</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>%n image(s) cannot be decoded and were left out: %1.</source>
        <translation>
            <numerusform>%n 张图像无法解码，已略去：%1。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::ImportanceView</name>
    <message>
        <location filename="../../ui/sweep/importance_view.cpp" line="+16"/>
        <source>How strongly each setting goes with the trials&apos; best test accuracy, over the trials that finished an epoch. Rank correlation sees any rising or falling relation, not only a straight line; with few trials read it as a hint, not a proof.</source>
        <translation>每个设置与试验最佳测试准确率的关联强度（只算完成至少一轮的试验）。秩相关能看出任何单调上升或下降的关系，而不只是直线；试验少时只可作为提示，不能当作证明。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Importance: |Spearman ρ| for numbers, correlation ratio η for names</source>
        <translation>重要性：数值用 |Spearman ρ|，名称用相关比 η</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Needs three trials with results (now %1).</source>
        <translation>需要三个有结果的试验（现有 %1 个）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+11"/>
        <source> (higher better)</source>
        <translation>（越大越好）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source> (lower better)</source>
        <translation>（越小越好）</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::InsightPage</name>
    <message>
        <location filename="../../ui/results/insight_page.cpp" line="+89"/>
        <source>Open Image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open Image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Test image </source>
        <translation>测试图像 </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>or drop an image here</source>
        <translation>或把图像拖到这里</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Grad-CAM: where the network looks</source>
        <translation>Grad-CAM：网络关注的位置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Image as the model sees it</source>
        <translation>模型看到的图像</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Top 5</source>
        <translation>前 5 名</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Feature maps</source>
        <translation>特征图</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>First convolution&apos;s filters</source>
        <translation>第一个卷积层的卷积核</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+89"/>
        <source>Train a model or load a checkpoint first.</source>
        <translation>请先训练模型或加载检查点。</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Layer %1: %2</source>
        <translation>层 %1：%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Predicted class</source>
        <translation>预测的类别</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Image: %1</source>
        <translation>图像：%1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The dataset&apos;s images do not fit this model.</source>
        <translation>数据集的图像与此模型不匹配。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Test image %1, true class: %2</source>
        <translation>测试图像 %1，真实类别：%2</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::LayerInspector</name>
    <message>
        <location filename="../../ui/model/layer_inspector.cpp" line="+99"/>
        <source>Layer settings</source>
        <translation>层设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select a layer to edit its settings.</source>
        <translation>选择一个层以编辑其设置。</translation>
    </message>
    <message>
        <location line="-72"/>
        <source>Out channels:</source>
        <translation>输出通道数：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kernel size:</source>
        <translation>核大小：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stride:</source>
        <translation>步幅：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Padding:</source>
        <translation>填充：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dilation:</source>
        <translation>膨胀率：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Groups:</source>
        <translation>分组数：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>same as kernel</source>
        <translation>与核大小相同</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Output size:</source>
        <translation>输出尺寸：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drop probability:</source>
        <translation>丢弃概率：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Negative slope:</source>
        <translation>负斜率：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In features:</source>
        <translation>输入特征数：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Out features:</source>
        <translation>输出特征数：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expansion ratio:</source>
        <translation>扩展倍数：</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>This layer has no settings.</source>
        <translation>此层没有可设置的参数。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Layer %1: %2</source>
        <translation>层 %1：%2</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>%1 goes from %2 to %3: %4 was set to %5.</source>
        <translation>%1 的取值范围是 %2 到 %3：%4 已改为 %5。</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>explicit</source>
        <translation>显式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>same (keeps the size; stride 1)</source>
        <translation>same（保持尺寸；步幅 1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Padding mode:</source>
        <translation>填充方式：</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::LayerStackEditor</name>
    <message>
        <location filename="../../ui/model/layer_stack_editor.cpp" line="+23"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Freeze Above</source>
        <translation>冻结上方各层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Train All</source>
        <translation>全部训练</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start from a preset…</source>
        <translation>从预设开始…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Add Layer</source>
        <translation>添加层</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Freeze every layer above the selected one: fine-tuning trains the selected layer and those below it, and keeps the rest as the weights brought them</source>
        <translation>冻结所选层上方的每一层：微调只训练所选层及其下方各层，其余各层保持载入权重时的样子</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Make every layer trainable again</source>
        <translation>让每一层重新可训练</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>The network was replaced by the preset &quot;%1&quot;. Edit → Undo (%2) brings the previous one back.</source>
        <translation>网络已被预设“%1”替换。编辑 → 撤销（%2）可恢复之前的网络。</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Input %1 · %2 parameters · %3 MACs per image · training memory at batch %4: about %5 MiB</source>
        <translation>输入 %1 · %2 个参数 · 每张图像 %3 次乘加运算（MAC） · 批大小为 %4 时训练内存约 %5 MiB</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>%n problem(s):</source>
        <translation>
            <numerusform>%n 个问题：</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::LayerTableModel</name>
    <message>
        <location filename="../../ui/model/layer_table_model.cpp" line="+89"/>
        <source>Training changes this layer&apos;s weights</source>
        <translation>训练会改变这一层的权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Frozen: its weights (and BatchNorm statistics) stay as they start</source>
        <translation>已冻结：它的权重（以及 BatchNorm 统计量）保持初始值</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Trains</source>
        <translation>训练</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::LearningCurvesView</name>
    <message>
        <location filename="../../ui/sweep/learning_curves_view.cpp" line="+93"/>
        <source>Epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test accuracy %</source>
        <translation>测试准确率 %</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::LogPanel</name>
    <message>
        <location filename="../../ui/common/log_panel.cpp" line="+15"/>
        <source>Messages from loading data and training appear here.</source>
        <translation>加载数据和训练时的消息将显示在这里。</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::LrFinderDialog</name>
    <message>
        <location filename="../../ui/training/lr_finder_dialog.cpp" line="+39"/>
        <source>Use This Rate</source>
        <translation>使用此学习率</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Find Learning Rate</source>
        <translation>寻找学习率</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loss while the learning rate grows</source>
        <translation>学习率逐步增大时的损失</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>loss (smoothed)</source>
        <translation>损失（平滑）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>suggested rate</source>
        <translation>建议的学习率</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Training from fresh weights while the rate grows from %1 to %2…</source>
        <translation>从新初始化的权重开始训练，学习率从 %1 增大到 %2…</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>The sweep failed: %1</source>
        <translation>扫描失败：%1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Suggested learning rate: %1 (%2; the loss was lowest at %3).%4</source>
        <translation>建议的学习率：%1（%2；损失在 %3 处最低）。%4</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>where the loss falls fastest</source>
        <translation>损失下降最快处</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a tenth of the lowest-loss rate</source>
        <translation>最低损失处学习率的十分之一</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> The sweep stopped where the loss blew up.</source>
        <translation>损失发散时扫描已停止。</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::MainWindow</name>
    <message>
        <location filename="../../ui/app/main_window.cpp" line="-291"/>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+315"/>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="-314"/>
        <location line="+318"/>
        <source>Insight</source>
        <translation>洞察</translation>
    </message>
    <message>
        <location line="-317"/>
        <source>Health</source>
        <translation>健康</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+320"/>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <location line="-319"/>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Dataset downloaded to %1</source>
        <translation>数据集已下载到 %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Training runs the network as it was at Start (%1 parameters); edits here apply to the next run.</source>
        <translation>训练使用的是开始时的网络（%1 个参数）；此处的修改将用于下一次运行。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Training device: %1</source>
        <translation>训练设备：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training runs on the first CUDA GPU; choose another with --device cuda:K.</source>
        <translation>训练在第一个 CUDA GPU 上运行；可用 --device cuda:K 选择其他 GPU。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Training device: %1 · CUDA not usable: %2</source>
        <translation>训练设备：%1 · CUDA 不可用：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CUDA is not usable: %1</source>
        <translation>CUDA 不可用：%1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Copy Experiment Summary</source>
        <translation>复制实验摘要(&amp;C)</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>&amp;Network Display Mode</source>
        <translation>网络显示模式(&amp;N)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>detected a network display: %1</source>
        <translation>检测到网络显示：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>detected a local display: %1</source>
        <translation>检测到本地显示：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On: charts every %1 s, no animations (%2)</source>
        <translation>开：图表每 %1 秒重绘，无动画（%2）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Off: charts redraw live (%1)</source>
        <translation>关：图表实时重绘（%1）</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>The data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Data augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>One layer</source>
        <translation>单个层</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hyperparameters</source>
        <translation>超参数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Read the charts</source>
        <translation>解读图表</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>For any finished epoch: the confusion matrix shows which classes the network mixes up, with per-class precision and recall; the gallery shows the test images it gets wrong, most confident first. Click a cell of the matrix to see those images.</source>
        <translation>对任一已完成的轮次：混淆矩阵显示网络把哪些类别弄混，并给出每个类别的精确率和召回率；图库显示它判错的测试图像，最有把握的排在前面。点击矩阵中的一格即可查看这些图像。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What the trained network does with one image (a test image, or any PNG or JPEG dropped here): its top five classes, a Grad-CAM heat map of where it looks, each layer&apos;s feature maps and the first convolution&apos;s filters.</source>
        <translation>训练好的网络如何处理一张图像（一张测试图像，或拖放到这里的任意 PNG 或 JPEG）：它的前五个类别、显示其关注区域的 Grad-CAM 热力图、每一层的特征图以及第一个卷积层的滤波器。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Every run you trained, with its key settings and best test accuracy. Tick several to overlay their test-accuracy curves and see what differs between them; Clone and Tweak starts a new experiment from one.</source>
        <translation>你训练过的每一次运行，及其关键设置和最佳测试准确率。勾选几项即可叠加它们的测试准确率曲线并查看它们之间的差异；“克隆并修改”会以其中一项为起点新建实验。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save and export</source>
        <translation>保存与导出</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Try one change</source>
        <translation>尝试一处改动</translation>
    </message>
    <message>
        <location line="-232"/>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show as &amp;PyTorch Code…</source>
        <translation>显示为 PyTorch 代码(&amp;P)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Log</source>
        <translation>日志(&amp;L)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Lan&amp;guage</source>
        <translation>语言(&amp;G)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>System Language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The language changes the next time CNN Workbench starts.</source>
        <translation>语言将在下次启动 CNN Workbench 时生效。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Guided First Experiment</source>
        <translation>引导式首次实验(&amp;G)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About CNN Workbench</source>
        <translation>关于 CNN Workbench(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Dataset: %1</source>
        <translation>数据集：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No dataset</source>
        <translation>无数据集</translation>
    </message>
    <message>
        <location line="+48"/>
        <source># The model has problems; fix them to get its code:
# %1
</source>
        <translation># 模型存在问题，修复后才能生成代码：
# %1
</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location line="-82"/>
        <source>Go to P&amp;age</source>
        <translation>转到页面(&amp;A)</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>%1[*] — %2</source>
        <translation>%1[*] — %2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> on %1</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> — CNN Workbench</source>
        <translation> — CNN Workbench</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>About CNN Workbench</source>
        <translation>关于 CNN Workbench</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;h3&gt;CNN Workbench %1&lt;/h3&gt;&lt;p&gt;Design, train and export convolutional networks.&lt;/p&gt;&lt;p&gt;LibTorch %2 (%3) · OpenCV %4 · Qt %5&lt;/p&gt;</source>
        <translation>&lt;h3&gt;CNN Workbench %1&lt;/h3&gt;&lt;p&gt;设计、训练并导出卷积神经网络。&lt;/p&gt;&lt;p&gt;LibTorch %2 (%3) · OpenCV %4 · Qt %5&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>CPU build</source>
        <translation>CPU 版</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CUDA %1 build</source>
        <translation>CUDA %1 版</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Your first experiment</source>
        <translation>你的第一个实验</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In about ten minutes you will look at the training images, train the ready-made CNN, read its charts, save it and export it. Next moves on; Skip Tour (or Escape) ends the tour; Help → Guided First Experiment brings it back.</source>
        <translation>大约十分钟内，你将查看训练图像、训练现成的 CNN、解读它的图表，并保存和导出模型。点击“下一步”继续；“跳过导览”（或按 Esc）结束导览；“帮助 → 引导式首次实验”可再次打开导览。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The Data page shows the dataset, its classes and a live grid of training images exactly as the network will see them after data augmentation. Re-roll shows new random variations.</source>
        <translation>“数据”页面显示数据集、其中的类别，以及实时的训练图像网格，与网络在数据增强之后看到的完全一致。点击“重新随机”可查看新的随机变化。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Switch on random crop, flips or color jitter here and watch the grid change. Augmentation makes the network see a slightly different image every epoch, which helps it generalise.</source>
        <translation>在这里开启随机裁剪、翻转或颜色抖动，观察网格的变化。数据增强让网络每一轮看到的图像都略有不同，有助于提高泛化能力。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The network, layer by layer, with each layer&apos;s output shape and parameter count: convolution, pooling, fully connected layers. Add, remove or reorder layers; shapes update at once.</source>
        <translation>逐层显示网络，并列出每层的输出形状和参数量：卷积层、池化层、全连接层。可以添加、删除层或调整层的顺序，形状会立即更新。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The selected layer&apos;s settings: for a convolution its channels, kernel size, stride and padding.</source>
        <translation>所选层的设置：对于卷积层，包括通道数、卷积核大小、步幅和填充。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Epochs, batch size, optimizer and learning rate. The defaults are the seed tutorial&apos;s: Adam with a learning rate of 0.001 and batches of 64.</source>
        <translation>轮数、批大小、优化器和学习率。默认值沿用原教程：Adam 优化器，学习率 0.001，批大小 64。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Start Training runs on the GPU when there is one, else on the CPU. Pause and Stop keep what was learned so far.</source>
        <translation>“开始训练”在有 GPU 时使用 GPU，否则使用 CPU。“暂停”和“停止”都会保留目前已学到的内容。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loss and accuracy move live. If training accuracy keeps rising while test accuracy stalls, the network is overfitting: try more augmentation or dropout.</source>
        <translation>损失和准确率会实时更新。如果训练准确率持续上升而测试准确率停滞不前，说明网络过拟合了：可以尝试加强数据增强或使用随机失活（Dropout）。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>File → Save Checkpoint keeps the run to continue later; File → Export ONNX writes the model for other programs; File → Save keeps the whole setup as an experiment file.</source>
        <translation>“文件 → 保存检查点”会保留本次训练，以便稍后继续；“文件 → 导出 ONNX”会导出模型供其他程序使用；“文件 → 保存”会把整套设置保存为实验文件。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Change one thing (a layer, the learning rate, an augmentation), train again and compare the curves. Changing one thing at a time is how you learn what each one does.</source>
        <translation>改动一处（某一层、学习率或某种数据增强），重新训练并比较曲线。每次只改一处，才能弄清每项设置的作用。</translation>
    </message>
    <message>
        <location line="-102"/>
        <source>New experiment cloned from run %1: change one thing, then Start Training.</source>
        <translation>已从运行 %1 克隆出新实验：改动一处，然后点击“开始训练”。</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::ModelDocument</name>
    <message>
        <location filename="../../ui/model/model_document.cpp" line="+66"/>
        <source>Add %1</source>
        <translation>添加 %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Remove %1</source>
        <translation>删除 %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Duplicate %1</source>
        <translation>复制 %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Move %1</source>
        <translation>移动 %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Change %1</source>
        <translation>修改 %1</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>Fit the Output Layer to %n Classes</source>
        <translation>
            <numerusform>使输出层适应 %n 个类别</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Use Preset %1</source>
        <translation>使用预设 %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Train Every Layer</source>
        <translation>训练每一层</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Freeze the Layers Before %1</source>
        <translation>冻结第 %1 层之前的各层</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::ParallelCoordinatesView</name>
    <message>
        <location filename="../../ui/sweep/parallel_coordinates_view.cpp" line="+40"/>
        <source>Drag along an axis to keep only the trials in that range; click an axis to clear its range.</source>
        <translation>沿坐标轴拖动，只保留该范围内的试验；单击坐标轴清除其范围。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Best test acc. %</source>
        <translation>最佳测试准确率 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last test loss</source>
        <translation>最后测试损失</translation>
    </message>
    <message>
        <location line="+188"/>
        <source>Run a sweep: each trial becomes a line across its settings and results.</source>
        <translation>运行一次扫描：每个试验成为一条贯穿其设置与结果的折线。</translation>
    </message>
    <message>
        <location line="+50"/>
        <source> (log)</source>
        <translation>（对数）</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::PythonCodeDialog</name>
    <message>
        <location filename="../../ui/model/python_code_dialog.cpp" line="+21"/>
        <source>Model as PyTorch Code</source>
        <translation>模型的 PyTorch 代码</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+5"/>
        <source>Save Python Code</source>
        <translation>保存 Python 代码</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Python files (*.py)</source>
        <translation>Python 文件 (*.py)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The same network in PyTorch. Its state dict names match the workbench&apos;s, so &lt;code&gt;build_model().load_state_dict(torch.load(&quot;model.pth&quot;))&lt;/code&gt; works.</source>
        <translation>同一网络的 PyTorch 实现。其 state dict 的键名与本工作台一致，因此可以直接使用 &lt;code&gt;build_model().load_state_dict(torch.load(&quot;model.pth&quot;))&lt;/code&gt;。</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::ResultsPage</name>
    <message>
        <location filename="../../ui/results/results_page.cpp" line="+52"/>
        <source>Show shares of each true class</source>
        <translation>按真实类别显示比例</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Epoch </source>
        <translation>第 </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Or click a point of the loss or accuracy chart on the Training page</source>
        <translation>也可以在“训练”页点击损失或准确率图表上的点</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Support</source>
        <translation>样本数</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Confusion matrix (rows: true class)</source>
        <translation>混淆矩阵（行：真实类别）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Per class</source>
        <translation>各类别</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Most confident first</source>
        <translation>置信度从高到低</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Least confident first</source>
        <translation>置信度从低到高</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>True class:</source>
        <translation>真实类别：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Predicted:</source>
        <translation>预测为：</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Test images the last model gets wrong</source>
        <translation>最后模型分错的测试图像</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>any</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Train or load a checkpoint to see its mistakes.</source>
        <translation>训练或加载检查点后即可查看分错的图像。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>No epoch finished yet.</source>
        <translation>还没有完成的轮次。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Epoch %1: test accuracy %2 %, macro F1 %3, test loss %4</source>
        <translation>第 %1 轮：测试准确率 %2 %，宏平均 F1 %3，测试损失 %4</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Evaluating the last model on the test images…</source>
        <translation>正在用最后的模型评估测试图像…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>No gallery: %1</source>
        <translation>无法显示图库：%1</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 % sure</source>
        <translation>置信度 %1 %</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>True class %1, predicted %2 with %3 % confidence (test image %4)</source>
        <translation>真实类别 %1，预测为 %2，置信度 %3 %（测试图像 %4）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 images, the last model&apos;s (epoch %2), of %3 test images</source>
        <translation>%1 张图像（最后模型，第 %2 轮），共 %3 张测试图像</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::RunsPage</name>
    <message>
        <location filename="../../ui/results/runs_page.cpp" line="+51"/>
        <source>Clone and Tweak…</source>
        <translation>克隆并修改…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Best accuracy</source>
        <translation>最佳准确率</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Open the selected run&apos;s experiment as a new one: change one thing and train again</source>
        <translation>以所选运行的实验为起点新建实验：改动一处后再训练</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+172"/>
        <source>Tick runs to overlay their test accuracy and see what differs between them.</source>
        <translation>勾选多次运行，叠加显示它们的测试准确率，并查看设置有何不同。</translation>
    </message>
    <message>
        <location line="-169"/>
        <source>Test accuracy of the ticked runs</source>
        <translation>已勾选运行的测试准确率</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What differs</source>
        <translation>不同之处</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>%1
fingerprint %2</source>
        <translation>%1
指纹 %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 % (epoch %2)</source>
        <translation>%1 %（第 %2 轮）</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>%1 runs overlaid, trained on different datasets: their accuracies are not comparable.</source>
        <translation>已叠加 %1 次运行，它们在不同的数据集上训练：准确率不可比较。</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>percent</source>
        <translation>百分比</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>%1 runs overlaid; %2 settings differ.</source>
        <translation>已叠加 %1 次运行；%2 项设置不同。</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::SweepEditor</name>
    <message>
        <location filename="../../ui/sweep/sweep_editor.cpp" line="+50"/>
        <source>Add Setting</source>
        <translation>添加设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stop weak trials early (successive halving)</source>
        <translation>提前停止较弱的试验（逐次减半）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Values as</source>
        <translation>取值方式</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Values</source>
        <translation>取值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Points</source>
        <translation>点数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A list (0.001, 0.01, 0.1), or for a range: from, to</source>
        <translation>列表（0.001, 0.01, 0.1），范围则写：起点, 终点</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Grid: every combination</source>
        <translation>网格：全部组合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Random search</source>
        <translation>随机搜索</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Epochs at which the trials still running are ranked, e.g. &quot;1, 3&quot;</source>
        <translation>在这些轮对仍在运行的试验排名，例如“1, 3”</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>CPU trials share the cores evenly; on CUDA one trial per GPU</source>
        <translation>CPU 上的试验平分各核心；CUDA 上每块 GPU 一个试验</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Search:</source>
        <translation>搜索：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Random trials:</source>
        <translation>随机试验数：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>at epochs</source>
        <translation>在第几轮</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Trials at once:</source>
        <translation>同时运行：</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>List</source>
        <translation>列表</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Range</source>
        <translation>范围</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Log range</source>
        <translation>对数范围</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. 0.001, 0.01, 0.1</source>
        <translation>例如 0.001, 0.01, 0.1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>now %1</source>
        <translation>当前 %1</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>Row %1: a range needs two numbers, from and to (e.g. 0.0001, 0.1)</source>
        <translation>第 %1 行：范围需要两个数，起点和终点（例如 0.0001, 0.1）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Row %1: give the values to try, separated by commas</source>
        <translation>第 %1 行：请给出要尝试的取值，用逗号分隔</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::SweepPage</name>
    <message>
        <location filename="../../ui/sweep/sweep_page.cpp" line="+47"/>
        <source>Run Sweep</source>
        <translation>运行扫描</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open as Experiment</source>
        <translation>作为实验打开</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The sweep&apos;s folder: a run folder per trial and index.json/.csv. Run again with the same sweep and folder to continue it.</source>
        <translation>扫描的文件夹：每个试验一个运行文件夹，以及 index.json/.csv。用同一扫描和文件夹再次运行即可继续。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Filter trials (any column)…</source>
        <translation>筛选试验（任意列）…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Trials</source>
        <translation>试验</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Learning Curves</source>
        <translation>学习曲线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accuracy by Setting</source>
        <translation>按设置看准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which settings mattered</source>
        <translation>哪些设置重要</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The sweep could not run: %1</source>
        <translation>扫描无法运行：%1</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Add a setting to vary, with the values to try.</source>
        <translation>请添加要变化的设置及其取值。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a dataset on the Data page first.</source>
        <translation>请先在“数据”页选择数据集。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>cnnwb, which trains the trials, is neither beside this program nor on the PATH.</source>
        <translation>找不到训练试验的 cnnwb：它既不在本程序旁边，也不在 PATH 中。</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>Starting %n trial(s)…</source>
        <translation>
            <numerusform>正在启动 %n 个试验…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Stopping: the trials keep their checkpoints; Run continues the sweep.</source>
        <translation>正在停止：试验会保留检查点；点“运行扫描”可继续。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Sweep Folder</source>
        <translation>扫描文件夹</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Add the settings to vary and their values, then Run Sweep. Each trial is an ordinary run in the sweep&apos;s folder.</source>
        <translation>添加要变化的设置及其取值，然后点“运行扫描”。每个试验都是扫描文件夹中的一次普通运行。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 of %2 trials done (%3 running, %4 halved, %5 failed).</source>
        <translation>%2 个试验中已完成 %1 个（%3 个运行中，%4 个被淘汰，%5 个失败）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Best so far: trial %1, %2 % test accuracy.</source>
        <translation>目前最佳：试验 %1，测试准确率 %2 %。</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::SweepScatterView</name>
    <message>
        <location filename="../../ui/sweep/sweep_scatter_view.cpp" line="+134"/>
        <source>Best test accuracy %</source>
        <translation>最佳测试准确率 %</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::SweepTrialModel</name>
    <message>
        <location filename="../../ui/sweep/sweep_trial_model.cpp" line="+81"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Best test acc. %</source>
        <translation>最佳测试准确率 %</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last test acc. %</source>
        <translation>最后测试准确率 %</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Why it stopped</source>
        <translation>停止原因</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::TrainingCharts</name>
    <message>
        <location filename="../../ui/training/training_charts.cpp" line="+78"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>training (per step)</source>
        <translation>训练（每步）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>training (smoothed)</source>
        <translation>训练（平滑）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>test (per epoch)</source>
        <translation>测试（每轮）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>percent</source>
        <translation>百分比</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Click an epoch to see its results on the Results page</source>
        <translation>点击某一轮，在“结果”页查看它的结果</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::TrainingPage</name>
    <message>
        <location filename="../../ui/training/training_page.cpp" line="-485"/>
        <source>Press Start (F5) to train the model on the dataset with these settings.</source>
        <translation>按“开始训练”（F5）即可使用这些设置在数据集上训练模型。</translation>
    </message>
    <message>
        <location line="+41"/>
        <location line="+267"/>
        <source>&amp;Start Training</source>
        <translation>开始训练(&amp;S)</translation>
    </message>
    <message>
        <location line="-264"/>
        <location line="+263"/>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <location line="-255"/>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Find &amp;Learning Rate…</source>
        <translation>寻找学习率(&amp;L)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run on a Cl&amp;uster…</source>
        <translation>在集群上运行(&amp;U)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write this experiment with a torchrun command and a Slurm script for many GPUs</source>
        <translation>写出此实验及用于多 GPU 的 torchrun 命令和 Slurm 脚本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A short sweep that plots the loss against the learning rate and suggests one</source>
        <translation>一次简短的扫描：画出损失随学习率的变化，并给出建议值</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Device: %1</source>
        <translation>设备：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Copy Training Comma&amp;nd Line</source>
        <translation>复制训练命令行(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the cnnwb command that trains this experiment in a terminal or on a GPU server</source>
        <translation>复制可在终端或 GPU 服务器上训练此实验的 cnnwb 命令</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export C&amp;harts…</source>
        <translation>导出图表(&amp;H)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export Charts</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export &amp;Metrics as CSV…</source>
        <translation>将指标导出为 CSV(&amp;M)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export Metrics</source>
        <translation>导出指标</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Checkpoint saved to %1</source>
        <translation>检查点已保存到 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checkpoint not saved to %1: %2</source>
        <translation>检查点未能保存到 %1：%2</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+262"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location line="-249"/>
        <source>Epoch %1 selected: its confusion matrix and per-class results are on the Results page.</source>
        <translation>已选择第 %1 轮：它的混淆矩阵和各类别结果在“结果”页。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Training failed: %1</source>
        <translation>训练失败：%1</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Training on %1: %2 parameters, %3 training and %4 test images.</source>
        <translation>正在 %1 上训练：%2 个参数，%3 张训练图像，%4 张测试图像。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>best test accuracy %1 % in epoch %2</source>
        <translation>最佳测试准确率 %1 %（第 %2 轮）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no epoch finished, so none is charted</source>
        <translation>没有完成的轮次，因此图表中没有轮次</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stopped early (no improvement)</source>
        <translation>已早停（无提升）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1: %2.</source>
        <translation>%1：%2。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped after epoch %1: %2.</source>
        <translation>在第 %1 轮之后停止：%2。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopped in epoch %1 after %2 of its %3 batches: %4. That epoch is not charted or in metrics.csv; loading the run&apos;s last.ckpt continues it.</source>
        <translation>在第 %1 轮的第 %2/%3 批之后停止：%4。该轮未画入图表，也未写入 metrics.csv；载入该运行的 last.ckpt 可继续它。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Weights and metrics in %1</source>
        <translation>权重和指标保存在 %1</translation>
    </message>
    <message numerus="yes">
        <location line="+19"/>
        <source>Exported %n file(s) to %1</source>
        <translation>
            <numerusform>已将 %n 个文件导出到 %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+190"/>
        <source>Open a dataset folder first (File → Open Dataset Folder…).</source>
        <translation>请先打开数据集文件夹（文件 → 打开数据集文件夹…）。</translation>
    </message>
    <message>
        <location line="-187"/>
        <source>Fix the model first: %1</source>
        <translation>请先修正模型：%1</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Continue Training</source>
        <translation>继续训练(&amp;C)</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Paused · epoch %1/%2 · batch %3/%4</source>
        <translation>已暂停 · 第 %1/%2 轮 · 批次 %3/%4</translation>
    </message>
    <message>
        <location line="-17"/>
        <location line="+26"/>
        <source>Epoch %1/%2 · batch %3/%4 · %5 img/s · ETA %6</source>
        <translation>第 %1/%2 轮 · 批次 %3/%4 · %5 张/秒 · 预计剩余 %6</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Paused: press Resume (F6) to go on, or Stop to end the run</source>
        <translation>已暂停：按“继续”(F6) 接着训练，或按“停止”结束本次运行</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Resumed</source>
        <translation>已继续</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Learning rate set to %1.</source>
        <translation>学习率已设为 %1。</translation>
    </message>
    <message>
        <location line="+53"/>
        <source> Best test accuracy %1 % in epoch %2.</source>
        <translation>最佳测试准确率 %1 %（第 %2 轮）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Checkpoint loaded: %1 (trained on %2).%3 Start continues this run up to the epochs set on the right; File → New Experiment starts afresh.</source>
        <translation>已加载检查点：%1（在 %2 上训练）。%3“开始训练”会将此次训练继续到右侧设置的轮数；“文件 → 新建实验”则从头开始。</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::TrainingSettingsPanel</name>
    <message>
        <location filename="../../ui/training/training_settings_panel.cpp" line="+19"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Epochs:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Optimizer:</source>
        <translation>优化器：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AdamW</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Momentum (SGD):</source>
        <translation>动量（SGD）：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nesterov momentum (SGD)</source>
        <translation>Nesterov 动量（SGD）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight decay:</source>
        <translation>权重衰减：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schedule:</source>
        <translation>学习率调度：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>step</source>
        <translation>阶梯衰减</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>one-cycle</source>
        <translation>单周期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warm-up epochs:</source>
        <translation>预热轮数：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step every (epochs):</source>
        <translation>衰减间隔（轮）：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step factor:</source>
        <translation>衰减系数：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Label smoothing:</source>
        <translation>标签平滑：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clip gradient norm:</source>
        <translation>梯度裁剪（最大范数）：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Early stopping after:</source>
        <translation>早停（无提升轮数）：</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+7"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Precision (CUDA):</source>
        <translation>精度（CUDA）：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>automatic (bf16)</source>
        <translation>自动（bf16）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bfloat16</source>
        <translation>bfloat16</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>float16 (loss scaling)</source>
        <translation>float16（损失缩放）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer health every (steps):</source>
        <translation>层健康采样间隔（步）：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sample each layer&apos;s update ratio, gradient, weights and dead units every this many steps, for the Health page and its diagnoses</source>
        <translation>每隔这么多步采样每层的更新比例、梯度、权重和死亡单元，用于“健康”页及其诊断</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1, learning rate %2 (%3), batch %4, %5 epoch(s), device %6</source>
        <translation>%1，学习率 %2（%3），批大小 %4，%5 轮，设备 %6</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>Write TensorBoard files</source>
        <translation>写入 TensorBoard 文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Also write the run&apos;s scalars, histograms, first filters and settings as TensorBoard files into its folder; see every run with: tensorboard --logdir %1</source>
        <translation>同时把运行的标量、直方图、第一层滤波器和设置以 TensorBoard 文件写入其文件夹；查看所有运行：tensorboard --logdir %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>automatic (GPU if usable)</source>
        <translation>自动（GPU 可用时使用 GPU）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::TrainingWorker</name>
    <message>
        <location filename="../../ui/training/training_worker.cpp" line="-20"/>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>the training ended before it was saved</source>
        <translation>训练在保存之前已结束</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the run ended without a checkpoint</source>
        <translation>本次运行结束时没有生成检查点</translation>
    </message>
</context>
<context>
    <name>cnnwb::ui::WeightsChooser</name>
    <message>
        <location filename="../../ui/model/weights_chooser.cpp" line="+35"/>
        <source>Start from weights</source>
        <translation>起始权重</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The learning rate of the layers the weights came into, as a share of the run&apos;s: below 1 changes them more gently than the new head</source>
        <translation>载入了权重的各层的学习率，为本次运行学习率的倍数：小于 1 时它们比新的输出层变化得更平缓</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Pretrained layers&apos; rate:</source>
        <translation>预训练层学习率：</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Random initialisation</source>
        <translation>随机初始化</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Weights File (.pth)…</source>
        <translation>权重文件（.pth）…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An Earlier Run&apos;s Checkpoint…</source>
        <translation>之前运行的检查点…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>torchvision&apos;s weights are listed from %1</source>
        <translation>torchvision 的权重列自 %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Start from Weights</source>
        <translation>从权重开始</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PyTorch state dicts (*.pth *.pt);;All files (*)</source>
        <translation>PyTorch 状态字典 (*.pth *.pt);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start from an Earlier Run</source>
        <translation>从之前的运行开始</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Checkpoints (*.ckpt)</source>
        <translation>检查点 (*.ckpt)</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>The next run starts from random weights.</source>
        <translation>下一次运行从随机权重开始。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The next run starts from %1%2.</source>
        <translation>下一次运行从 %1%2 开始。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (%1)</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file is not there any more.</source>
        <translation>该文件已不存在。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Normalization: %1; input %2 × %3.</source>
        <translation>归一化：%1；输入 %2 × %3。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Layers 0–%1 are frozen.</source>
        <translation>第 0–%1 层已冻结。</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n layer(s) are frozen.</source>
        <translation>
            <numerusform>%n 层已冻结。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../../app/gui/main.cpp" line="-114"/>
        <source>Design, train and export convolutional networks.</source>
        <translation>设计、训练并导出卷积神经网络。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show version information.</source>
        <translation>显示版本信息。</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>Open this dataset folder.</source>
        <translation>打开此数据集文件夹。</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+15"/>
        <source>folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Start training right away.</source>
        <translation>启动后立即开始训练。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open on this page: data, model, training, results, insight, health, runs or sweep.</source>
        <translation>在此页面打开：data、model、training、results、insight、health、runs 或 sweep。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>page</source>
        <translation>页面</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>On the Sweep page, show the sweep in this folder (and run into it).</source>
        <translation>在“扫描”页显示此文件夹中的扫描（并运行到其中）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>On the Sweep page, show this view below the plot: trials, curves or scatter.</source>
        <translation>在“扫描”页图下方显示此视图：trials、curves 或 scatter。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>view</source>
        <translation>视图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run the experiment&apos;s sweep right away.</source>
        <translation>立即运行实验的扫描。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Use this language (en, zh_CN) instead of the saved or system one.</source>
        <translation>使用此语言（en、zh_CN），而不是已保存的或系统的语言。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Start the guided first experiment.</source>
        <translation>开始引导式第一个实验。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>On the Runs page, overlay the newest N runs.</source>
        <translation>在“运行记录”页叠加显示最新的 N 次运行。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start the learning-rate range test (Train → Find Learning Rate).</source>
        <translation>开始学习率范围测试（训练 → 寻找学习率）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open Train → Run on a Cluster for the experiment.</source>
        <translation>为该实验打开“训练 → 在集群上运行”。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Experiment file (JSON) or checkpoint (.ckpt) to open.</source>
        <translation>要打开的实验文件（JSON）或检查点（.ckpt）。</translation>
    </message>
</context>
</TS>
