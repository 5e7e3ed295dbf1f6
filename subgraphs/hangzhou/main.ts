import { runCity } from '../city/runCity';
import { hangzhou } from './hangzhou';

void runCity(hangzhou);
