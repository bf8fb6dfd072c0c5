/*
 * ImCLASS — concatenates feature stacks of one grid into one stack and applies validity.
 *
 * Inputs are vector images on the same grid; an ImCLASS convention is that an invalid pixel is
 * NoDataValue in every band of the stack that produced it, so the first band tells. A pixel is
 * written NoDataValue in every output band when any input is invalid there, or when the optional
 * mask is 0 there. Streams and runs on all threads.
 */
#ifndef otbImclassStackConcatenateFilter_h
#define otbImclassStackConcatenateFilter_h

#include "otbImclassBandNames.h"
#include "otbImclassThreading.h"

#include "itkImageToImageFilter.h"
#include "otbImage.h"

#include <map>
#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** \ingroup OTBImclass */
template <class TVectorImage, class TMaskImage = otb::Image<unsigned char, 2>>
class ITK_EXPORT StackConcatenateFilter : public itk::ImageToImageFilter<TVectorImage, TVectorImage>
{
public:
  using Self         = StackConcatenateFilter;
  using Superclass   = itk::ImageToImageFilter<TVectorImage, TVectorImage>;
  using Pointer      = itk::SmartPointer<Self>;
  using ConstPointer = itk::SmartPointer<const Self>;
  itkNewMacro(Self);
  itkTypeMacro(StackConcatenateFilter, ImageToImageFilter);

  using ImageType        = TVectorImage;
  using MaskImageType    = TMaskImage;
  using OutputRegionType = typename ImageType::RegionType;

  /** Appends a stack; the output bands follow the order of the calls. */
  void PushBackStack(const ImageType* stack);

  /** Optional validity mask on the same grid: 0 = invalid. */
  void SetMaskImage(const MaskImageType* mask);

  /** Names of the output bands (GDAL band descriptions), one per band; the output declares
   * NoDataValue as its no-data value. */
  void SetBandNames(const std::vector<std::string>& names)
  {
    m_BandNames = names;
    this->Modified();
  }

  /** A key=value item written in the output file's metadata (e.g. the feature recipe). */
  void SetMetadataItem(const std::string& key, const std::string& value)
  {
    m_MetadataItems[key] = value;
    this->Modified();
  }

protected:
  StackConcatenateFilter();
  ~StackConcatenateFilter() override = default;

  void GenerateOutputInformation() override;
  IMCLASS_THREADED_GENERATE_DATA(OutputRegionType)
  void ProcessRegion(const OutputRegionType& region);

private:
  StackConcatenateFilter(const Self&) = delete;
  void operator=(const Self&)         = delete;

  unsigned int                       m_NumberOfStacks = 0;
  bool                               m_HasMask        = false;
  std::vector<std::string>           m_BandNames;
  std::map<std::string, std::string> m_MetadataItems;
};

} // namespace Imclass
} // namespace otb

#ifndef OTB_MANUAL_INSTANTIATION
#include "otbImclassStackConcatenateFilter.hxx"
#endif

#endif
