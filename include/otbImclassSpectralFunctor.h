/*
 * ImCLASS — per-pixel spectral features: the input bands (renamed b_<band>) followed by the
 * spectral indices of the catalogue, computed in one pass over the pixel.
 */
#ifndef otbImclassSpectralFunctor_h
#define otbImclassSpectralFunctor_h

#include "otbImclassFeatureCatalogue.h"
#include "otbImclassNoData.h"

#include "itkVariableLengthVector.h"

#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** Normalized difference (a - b) / (a + b), 0 where the sum vanishes (OTB's convention, so
 * that the values equal otbcli_RadiometricIndices). */
inline float NormalizedDifference(double a, double b)
{
  const double sum = a + b;
  return std::abs(sum) < 1e-6 ? 0.f : static_cast<float>((a - b) / sum);
}

/** Value of one catalogue index from the values of its bands, in the order given by
 * IndexDefinition::bands. The single place where the index formulas are written. */
inline float EvaluateIndex(SpectralIndex index, const double* v)
{
  switch (index)
  {
  case SpectralIndex::NDVI: // red, nir
    return NormalizedDifference(v[1], v[0]);
  case SpectralIndex::SAVI: // red, nir
  {
    const double L = 0.5, denominator = v[1] + v[0] + L;
    return std::abs(denominator) < 1e-6 ? 0.f : static_cast<float>((v[1] - v[0]) * (1 + L) / denominator);
  }
  case SpectralIndex::NDWI: // green, nir
    return NormalizedDifference(v[0], v[1]);
  case SpectralIndex::MNDWI: // green, swir1
    return NormalizedDifference(v[0], v[1]);
  case SpectralIndex::NDBI: // nir, swir1
    return NormalizedDifference(v[1], v[0]);
  case SpectralIndex::NDMI: // nir, swir1
    return NormalizedDifference(v[0], v[1]);
  case SpectralIndex::NBR: // nir, swir2
    return NormalizedDifference(v[0], v[1]);
  case SpectralIndex::BSI: // blue, red, nir, swir1
    return NormalizedDifference(v[3] + v[1], v[2] + v[0]);
  case SpectralIndex::Brightness: // green, red, nir
    return static_cast<float>(std::sqrt((v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) / 3.0));
  case SpectralIndex::NDRE: // re1, nir
    return NormalizedDifference(v[1], v[0]);
  }
  return 0.f;
}

/** Functor for otb::FunctorImageFilter: the input bands that are not polarisations (in order; a
 * polarisation gives SAR features instead, otbImclassSarFunctor.h) then the requested indices. A
 * pixel where any input band equals the input no-data value is no-data everywhere.
 * \ingroup OTBImclass */
class SpectralFeaturesFunctor
{
public:
  using InputPixelType  = itk::VariableLengthVector<float>;
  using OutputPixelType = itk::VariableLengthVector<float>;

  SpectralFeaturesFunctor() = default;

  /** bandNames: canonical name of each input band; indices: checked with CheckIndices. */
  SpectralFeaturesFunctor(const std::vector<std::string>& bandNames, const std::vector<std::string>& indices, const NoDataRule& inputNoData)
    : m_InputNoData(inputNoData)
  {
    for (unsigned int b = 0; b < bandNames.size(); ++b)
      if (!IsPolarisation(bandNames[b]))
        m_CopiedBands.push_back(b);
    for (const auto& name : indices)
    {
      const IndexDefinition& definition = FindIndex(name);
      IndexTerm              term{definition.id, {}, definition.bands.size()};
      for (size_t i = 0; i < definition.bands.size(); ++i)
        term.positions[i] = static_cast<unsigned int>(BandPosition(bandNames, definition.bands[i]));
      m_Indices.push_back(term);
    }
  }

  size_t OutputSize(const std::array<size_t, 1>&) const
  {
    return m_CopiedBands.size() + m_Indices.size();
  }

  void operator()(OutputPixelType& out, const InputPixelType& in) const
  {
    if (m_InputNoData.IsNoData(in))
    {
      out.Fill(NoDataValue);
      return;
    }
    const size_t copied = m_CopiedBands.size();
    for (size_t b = 0; b < copied; ++b)
      out[b] = in[m_CopiedBands[b]];
    double values[4];
    for (size_t i = 0; i < m_Indices.size(); ++i)
    {
      const IndexTerm& term = m_Indices[i];
      for (size_t k = 0; k < term.nbBands; ++k)
        values[k] = in[term.positions[k]];
      out[copied + i] = EvaluateIndex(term.id, values);
    }
  }

private:
  /** \ingroup OTBImclass */
  struct IndexTerm
  {
    SpectralIndex               id;
    std::array<unsigned int, 4> positions;
    size_t                      nbBands;
  };
  std::vector<unsigned int> m_CopiedBands;
  std::vector<IndexTerm>    m_Indices;
  NoDataRule             m_InputNoData;
};

} // namespace Imclass
} // namespace otb

#endif
