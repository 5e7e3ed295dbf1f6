import { runCity } from '../city/runCity';
import { shanghai } from './shanghai';

void runCity(shanghai);
